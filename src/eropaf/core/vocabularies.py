"""The national registration vocabularies of DDAS Vroegsignalering v1.2 (VNG, Divosa, NVVK).

Member names are English; values are stable codes we store; labels are the DDAS terms, kept
verbatim because they are a national standard (see docs/glossary.md). ``ddas`` gives the exact
string the CBS exchange model expects.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerType(models.TextChoices):
    """DDAS ``EnumSignaalpartner``; also the signal type of a single signal."""

    RENT = "rent", "Huur"
    ENERGY = "energy", "Energie"
    WATER = "water", "Water"
    HEALTH_INSURANCE = "health_insurance", "Zorg"
    MORTGAGE = "mortgage", "Hypotheek"
    CAK_HEALTH_INSURANCE = "cak_health_insurance", "CAK Zorgverzekeringen"
    CAK_OWN_CONTRIBUTION = "cak_own_contribution", "CAK Eigen bijdrage"
    DUO = "duo", "DUO"
    TAX_AUTHORITY = "tax_authority", "Belastingdienst"
    BENEFITS_AGENCY = "benefits_agency", "Dienst Toeslagen"
    OTHER = "other", "Overige"
    # Not a signal partner in DDAS: court steps reported by a bailiff (eviction chain).
    BAILIFF = "bailiff", "Deurwaarder"

    @property
    def ddas(self) -> str:
        return "Overige" if self is PartnerType.BAILIFF else str(self.label)


class ContactKind(models.TextChoices):
    """DDAS ``EnumContactsoort`` plus the WhatsApp call that Signalering+ requires."""

    ADMINISTRATIVE = "administrative", "Administratief"
    APPOINTMENT_ON_SITE = "appointment_on_site", "Afspraak op locatie"
    LETTER = "letter", "Brief"
    HOME_VISIT = "home_visit", "Huisbezoek"
    CARD = "card", "Kaartje"
    EMAIL = "email", "Mail"
    UNKNOWN = "unknown", "Onbekend"
    OTHER = "other", "Overige"
    SMS_WHATSAPP = "sms_whatsapp", "SMS/Whatsapp"
    PHONE = "phone", "Telefoon"
    WHATSAPP_CALL = "whatsapp_call", "WhatsApp-belpoging"

    @property
    def ddas(self) -> str:
        # DDAS has no WhatsApp call; it is a telephone contact in the national vocabulary.
        return "Telefoon" if self is ContactKind.WHATSAPP_CALL else str(self.label)


class DayPart(models.TextChoices):
    """DDAS ``EnumDagdeel``: morning < 12:00, afternoon 12:00–18:00, evening ≥ 18:00."""

    MORNING = "morning", "Ochtend"
    AFTERNOON = "afternoon", "Middag"
    EVENING = "evening", "Avond"

    @classmethod
    def of(cls, moment: dt.time) -> "DayPart":
        if moment.hour < 12:
            return cls.MORNING
        if moment.hour < 18:
            return cls.AFTERNOON
        return cls.EVENING


class Outcome(models.TextChoices):
    """DDAS ``EnumEindresultaat``: the result of a case."""

    ADVICE_OR_QUICK_FIX = "advice_or_quick_fix", "(Budget)advies en/of quick fix"
    NO_CONTACT = "no_contact", "Definitief geen contact kunnen krijgen"
    NO_RESPONSE_AFTER_CONTACT = "no_response_after_contact", "Geen reactie na eerder contact"
    KNOWN_TO_DEBT_SERVICES = "known_to_debt_services", "Inwoner al bekend bij schuldhulpverlening"
    OTHER_TRAJECTORY = "other_trajectory", "Inwoner heeft al een ander lopend traject"
    ALREADY_PAID = "already_paid", "Inwoner heeft zelf al betaald/betalingsregeling getroffen"
    DECEASED = "deceased", "Inwoner is overleden"
    SOLVES_IT_SELF = "solves_it_self", "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering"
    NOT_PICKED_UP_OTHER = "not_picked_up_other", "Niet opgepakt: andere reden"
    NOT_PICKED_UP_REPEAT = "not_picked_up_repeat", "Niet opgepakt: herhaalde melding"
    NOT_PICKED_UP_UNJUSTIFIED = "not_picked_up_unjustified", "Niet opgepakt: onterecht signaal"
    NOT_A_RESIDENT = "not_a_resident", "Persoon is geen inwoner (meer) in de gemeente"
    FOLLOW_UP_HELP = "follow_up_help", "Vervolghulp en/of verwijzing"
    FOLLOW_UP_FINANCIAL = "follow_up_financial", "Vervolghulp en/of verwijzing financieel"
    FOLLOW_UP_NON_FINANCIAL = "follow_up_non_financial", "Vervolghulp en/of verwijzing niet financieel"
    REFERRAL_WITHOUT_RESIDENT = "referral_without_resident", "Verwijzing zonder tussenkomst inwoner"

    @property
    def ddas(self) -> str:
        return str(self.label)

    @property
    def is_not_picked_up(self) -> bool:
        return self in NOT_PICKED_UP_OUTCOMES

    @property
    def is_help_accepted(self) -> bool:
        return self in HELP_ACCEPTED_OUTCOMES

    @property
    def is_reached(self) -> bool:
        return self in REACHED_OUTCOMES


NOT_PICKED_UP_OUTCOMES = frozenset(
    {
        Outcome.NOT_PICKED_UP_OTHER,
        Outcome.NOT_PICKED_UP_REPEAT,
        Outcome.NOT_PICKED_UP_UNJUSTIFIED,
        Outcome.DECEASED,
        Outcome.NOT_A_RESIDENT,
        Outcome.KNOWN_TO_DEBT_SERVICES,
    }
)
# BRIEF §4: quick fix, payment arrangement and referral all count as help accepted.
HELP_ACCEPTED_OUTCOMES = frozenset(
    {
        Outcome.ADVICE_OR_QUICK_FIX,
        Outcome.FOLLOW_UP_HELP,
        Outcome.FOLLOW_UP_FINANCIAL,
        Outcome.FOLLOW_UP_NON_FINANCIAL,
    }
)
REACHED_OUTCOMES = HELP_ACCEPTED_OUTCOMES | {
    Outcome.NO_RESPONSE_AFTER_CONTACT,
    Outcome.OTHER_TRAJECTORY,
    Outcome.ALREADY_PAID,
    Outcome.SOLVES_IT_SELF,
}


class Priority(models.TextChoices):
    """How soon a case is worked, set by triage."""

    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class SignalStatus(models.TextChoices):
    """DDAS ``EnumSignaalstatus``: what happened to one signal."""

    NOT_YET_PICKED_UP = "not_yet_picked_up", "Nog niet opgepakt"
    PICKED_UP = "picked_up", "Opgepakt"
    KNOWN_TO_DEBT_SERVICES = "known_to_debt_services", "Inwoner al bekend bij schuldhulpverlening"
    DECEASED = "deceased", "Inwoner is overleden"
    NOT_PICKED_UP_OTHER = "not_picked_up_other", "Niet opgepakt: andere reden"
    NOT_PICKED_UP_REPEAT = "not_picked_up_repeat", "Niet opgepakt: herhaalde melding"
    NOT_PICKED_UP_UNJUSTIFIED = "not_picked_up_unjustified", "Niet opgepakt: onterecht signaal"
    NOT_A_RESIDENT = "not_a_resident", "Persoon is geen inwoner (meer) in de gemeente"

    @property
    def ddas(self) -> str:
        return str(self.label)


class Gender(models.TextChoices):
    """DDAS ``geslacht``."""

    MALE = "male", "Man"
    FEMALE = "female", "Vrouw"
    UNKNOWN = "unknown", "Onbekend"
    EMPTY = "empty", "Leeg"


class DeliveryChannel(models.TextChoices):
    PORTAL = "portal", _("Portal upload")
    COMMAND_LINE = "command_line", _("Command line")
    API = "api", _("API")
    DEMO = "demo", _("Demo data")
