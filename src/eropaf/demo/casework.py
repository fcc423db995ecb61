"""The demo region's case-work settings: who letters come from, the default letter and message
texts (emptied with the database), and which work queues follow an outreach protocol."""

from eropaf.cases.models import QueueProtocol
from eropaf.demo.region import DORDRECHT, PAPENDRECHT, ZWIJNDRECHT
from eropaf.letters.defaults import seed_default_templates as seed_letter_templates
from eropaf.letters.models import LetterSender, LetterTemplate
from eropaf.messaging.defaults import seed_default_templates as seed_message_templates
from eropaf.messaging.models import MessageTemplate
from eropaf.organisations.models import Municipality

SENDERS = {
    DORDRECHT: ("Team Vroegsignalering Dordrecht", "14 078", "vroegsignalering@dordrecht.example"),
    ZWIJNDRECHT: ("Team Vroegsignalering Zwijndrecht", "14 078", "vroegsignalering@zwijndrecht.example"),
    PAPENDRECHT: ("Team Vroegsignalering Papendrecht", "14 078", "vroegsignalering@papendrecht.example"),
}
# The home-visit queues follow Haarlem's protocol; Dordrecht's Signalering+ draft queue Breda's.
PROTOCOLS = {"huisbezoek": "haarlem", "signalering-plus": "signalering-plus"}


def create_casework_settings(*, municipalities: dict[str, Municipality]) -> None:
    seed_letter_templates(LetterTemplate)
    seed_message_templates(MessageTemplate)
    LetterSender.objects.bulk_create(
        LetterSender(municipality=municipalities[code], department=department, phone=phone, email=email)
        for code, (department, phone, email) in SENDERS.items()
        if code in municipalities
    )
    QueueProtocol.objects.bulk_create(
        QueueProtocol(municipality=municipality, queue=queue, protocol=protocol)
        for municipality in municipalities.values()
        for queue, protocol in PROTOCOLS.items()
    )
