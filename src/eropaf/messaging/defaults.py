"""The national default templates, in Dutch: an offer of help, a request for contact, a reminder.

Placeholders: ((naam)), ((gemeente)), ((medewerker)), ((telefoonnummer)). The texts stay discreet:
whoever else reads the phone sees no mention of debts.
"""

from typing import Any

_CALL = "Bel ((medewerker)) op ((telefoonnummer))"

DEFAULT_TEMPLATES: list[dict[str, str]] = [
    {
        "kind": "sms",
        "key": "offer",
        "body": (
            "Beste ((naam)), de gemeente ((gemeente)) helpt inwoners graag met vaste lasten en geldzaken, "
            f"gratis en zonder verplichtingen. {_CALL} of stuur een sms terug."
        ),
    },
    {
        "kind": "sms",
        "key": "contact_request",
        "body": (
            f"Beste ((naam)), de gemeente ((gemeente)) wil graag even met u praten. {_CALL}. "
            "Wij bellen u ook terug als u dat liever heeft."
        ),
    },
    {
        "kind": "sms",
        "key": "reminder",
        "body": (
            "Beste ((naam)), wij hebben u eerder een bericht gestuurd maar nog niet gesproken. "
            f"De gemeente ((gemeente)) helpt u graag. {_CALL}."
        ),
    },
    {
        "kind": "email",
        "key": "offer",
        "subject": "Hulp van de gemeente ((gemeente))",
        "body": (
            "Beste ((naam)),\n\n"
            "De gemeente ((gemeente)) helpt inwoners graag met vaste lasten en geldzaken. "
            "Dat is gratis en zonder verplichtingen, en samen kijken we wat er nodig is.\n\n"
            f"{_CALL}, of beantwoord deze e-mail. Dan maken we een afspraak.\n\n"
            "Met vriendelijke groet,\n((medewerker))\nGemeente ((gemeente))"
        ),
    },
    {
        "kind": "email",
        "key": "contact_request",
        "subject": "Graag contact met de gemeente ((gemeente))",
        "body": (
            "Beste ((naam)),\n\n"
            "De gemeente ((gemeente)) wil graag even met u praten. "
            f"{_CALL}, of beantwoord deze e-mail met een moment waarop wij u kunnen bellen.\n\n"
            "Met vriendelijke groet,\n((medewerker))\nGemeente ((gemeente))"
        ),
    },
    {
        "kind": "email",
        "key": "reminder",
        "subject": "Herinnering: de gemeente ((gemeente)) helpt u graag",
        "body": (
            "Beste ((naam)),\n\n"
            "Wij hebben u eerder een bericht gestuurd, maar hebben u nog niet gesproken. "
            "Ons aanbod staat nog: de gemeente ((gemeente)) helpt u graag, "
            "gratis en zonder verplichtingen.\n\n"
            f"{_CALL}, of beantwoord deze e-mail.\n\n"
            "Met vriendelijke groet,\n((medewerker))\nGemeente ((gemeente))"
        ),
    },
]


def seed_default_templates(template_model: Any) -> int:
    """Adds the national defaults that are missing (existing ones are left as edited); returns how many.

    `template_model` is `MessageTemplate`, or its historical version in a data migration.
    """
    created = 0
    for template in DEFAULT_TEMPLATES:
        _, was_created = template_model.objects.get_or_create(
            municipality=None,
            kind=template["kind"],
            key=template["key"],
            defaults={"subject": template.get("subject", ""), "body": template["body"]},
        )
        created += int(was_created)
    return created
