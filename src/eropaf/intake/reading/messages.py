"""The refusal messages that need no detail of the file.

They are the partner-facing contract of ``docs/partners/aanleverformaat.md`` and are literal Dutch
on purpose, not gettext strings."""

from eropaf.intake.fields import REQUIRED_FIELD_NAMES

REQUIRED_LIST = ", ".join(REQUIRED_FIELD_NAMES)
DELIVER_AS = "Lever een CSV-bestand of een Excel-werkmap (.xlsx) aan."
SAVE_AGAIN = "Sla het in Excel op als Excel-werkmap (.xlsx) of als CSV UTF-8 en lever het opnieuw aan."

EMPTY_FILE = f"Het bestand is leeg. {DELIVER_AS}"
OLD_EXCEL = f"Dit is een oud Excel-bestand (.xls); dat formaat wordt niet ondersteund. {SAVE_AGAIN}"
ENCRYPTED_EXCEL = (
    "Deze Excel-werkmap is beveiligd met een wachtwoord en kan daardoor niet worden gelezen. "
    "Haal de wachtwoordbeveiliging weg of sla het bestand op als CSV UTF-8 en lever het opnieuw aan."
)
ZIP_NOT_WORKBOOK = f"Dit bestand is een zip-archief maar geen Excel-werkmap (.xlsx). {DELIVER_AS}"
DAMAGED_WORKBOOK = f"Deze Excel-werkmap is beschadigd of onvolledig en kan niet worden gelezen. {SAVE_AGAIN}"
UTF16_TEXT = (
    "Dit tekstbestand is opgeslagen als UTF-16 ('Unicode-tekst'); dat wordt niet ondersteund. "
    "Sla het bestand op als CSV UTF-8 en lever het opnieuw aan."
)
UNKNOWN_ENCODING = (
    "De tekens in dit bestand zijn niet te lezen: het is geen UTF-8 en ook geen Windows-1252. "
    "Sla het bestand op als CSV UTF-8 en lever het opnieuw aan."
)
NO_HEADER_CSV = (
    "Het bestand heeft geen kopregel: er staan alleen lege regels in. De eerste regel moet de "
    f"kolomnamen bevatten. Verplichte kolommen: {REQUIRED_LIST}."
)
NO_HEADER_XLSX = (
    "Het eerste werkblad van de Excel-werkmap is leeg: er is geen kopregel met kolomnamen gevonden. "
    f"Zet de kolomnamen in de eerste rij. Verplichte kolommen: {REQUIRED_LIST}."
)
