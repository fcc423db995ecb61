"""Messages to residents by sms and e-mail: templates as data, opt-outs, and a record of every message.

Senders (NotifyNL, Django's mail backend) implement `MessageSender`; pick one with
`eropaf.messaging.senders.get_message_sender()` and send through `eropaf.messaging.services`.
"""
