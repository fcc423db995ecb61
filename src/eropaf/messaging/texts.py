"""The Dutch messages case workers see when a message could not be sent. None holds personal data."""

OPTED_OUT = {
    "sms": "De inwoner heeft zich afgemeld voor sms.",
    "email": "De inwoner heeft zich afgemeld voor e-mail.",
}
SMS_NOT_CONFIGURED = "Sms is niet ingesteld voor deze gemeente."
EMAIL_NOT_CONFIGURED = "E-mail is niet ingesteld voor deze gemeente."
SMS_NOT_BY_EMAIL = "Een sms kan niet via de e-mailserver worden verstuurd."
INVALID_PHONE_NUMBER = "Dit is geen geldig Nederlands mobiel nummer (06…)."
INVALID_EMAIL_ADDRESS = "Dit is geen geldig e-mailadres."
NO_TEMPLATE = "Er is geen sjabloon voor dit bericht."
NO_NOTIFY_TEMPLATE = "Dit sjabloon heeft geen NotifyNL-sjabloon-id; vul dat eerst in."
MISSING_PLACEHOLDERS = "Ontbrekende gegevens voor het sjabloon: {names}."

NOTIFY_INVALID_PHONE_NUMBER = "NotifyNL weigerde het bericht: het telefoonnummer is ongeldig."
NOTIFY_INVALID_EMAIL_ADDRESS = "NotifyNL weigerde het bericht: het e-mailadres is ongeldig."
NOTIFY_UNKNOWN_TEMPLATE = "NotifyNL kent het sjabloon van dit bericht niet."
NOTIFY_MISSING_PERSONALISATION = "NotifyNL weigerde het bericht: er ontbreken gegevens voor het sjabloon."
NOTIFY_BAD_REQUEST = "NotifyNL weigerde het bericht: de gegevens kloppen niet."
NOTIFY_FORBIDDEN = "NotifyNL weigerde de toegang: controleer de API-sleutel en de klok van de server."
NOTIFY_RATE_LIMITED = "NotifyNL krijgt nu te veel berichten; probeer het later opnieuw."
NOTIFY_UNAVAILABLE = "NotifyNL is tijdelijk niet beschikbaar; probeer het later opnieuw."
NOTIFY_TIMEOUT = "NotifyNL antwoordde niet op tijd; controleer later of het bericht is verstuurd."
NOTIFY_UNREACHABLE = "NotifyNL is niet bereikbaar; het bericht is niet verstuurd."
NOTIFY_UNREADABLE = "NotifyNL gaf een onleesbaar antwoord; controleer later of het bericht is verstuurd."
NOTIFY_REFUSED = "NotifyNL weigerde het bericht (HTTP {status})."
NOTIFY_NOT_FOUND = "NotifyNL kent dit bericht niet."
NOTIFY_PERMANENT_FAILURE = "Het bericht kon niet worden afgeleverd: het nummer of adres bestaat niet."
NOTIFY_TEMPORARY_FAILURE = (
    "Het bericht kon niet worden afgeleverd: de telefoon stond uit of de mailbox was vol."
)
NOTIFY_TECHNICAL_FAILURE = "Het bericht is door een technische fout bij NotifyNL niet verstuurd."

SMTP_FAILED = "De e-mailserver weigerde het bericht of was niet bereikbaar."
