"""Examples in the OpenAPI document, so a partner's developer sees real requests and answers."""

from drf_spectacular.utils import OpenApiExample

JSON_DELIVERY = OpenApiExample(
    "Two signals as JSON",
    request_only=True,
    media_type="application/json",
    value={
        "periode": "2025-03",
        "signalen": [
            {
                "referentie": "HUUR-2025-000123",
                "signaaltype": "huur",
                "ontstaansdatum": "2025-01-01",
                "bedrag": "1.234,56",
                "termijnbedrag": "650,00",
                "crisissignaal": "nee",
                "bsn": "999990019",
                "voorletters": "J.",
                "achternaam": "Jansen",
                "huisnummer": "12a",
                "postcode": "3311 AB",
                "woonplaats": "Dordrecht",
                "telefoon": "06-12345678",
            },
            {
                "referentie": "HUUR-2025-000124",
                "ontstaansdatum": "01-02-2025",
                "bedrag": 812.4,
                "achternaam": "de Vries",
                "voorvoegsel": "",
                "huisnummer": 7,
                "postcode": "1234 A",
            },
        ],
    },
)

REPORT = OpenApiExample(
    "A report with one rejected row",
    response_only=True,
    status_codes=[200, 201],
    value={
        "delivery_id": 4711,
        "period": "2025-03",
        "already_delivered": False,
        "received": 2,
        "accepted": 1,
        "rejected": 1,
        "duplicate": 0,
        "warnings": [],
        "per_municipality": [{"code": "0505", "name": "Dordrecht", "accepted": 1}],
        "rejected_rows": [
            {
                "row_number": 2,
                "field": "postcode",
                "code": "invalid_postcode",
                "message": 'postcode "1234 A" is geen geldige postcode (verwacht 4 cijfers en 2 letters, '
                "bijv. 1234 AB)",
            }
        ],
        "url": "https://eropaf.example.nl/api/v1/deliveries/4711",
    },
)

REFUSED = OpenApiExample(
    "A refused delivery",
    response_only=True,
    status_codes=[422],
    media_type="application/problem+json",
    value={
        "type": "about:blank",
        "title": "Niet te verwerken",
        "status": 422,
        "detail": 'De kolom "postcode" ontbreekt. Gevonden kolommen: referentie, ontstaansdatum, bedrag, '
        "achternaam, huisnummer. Verplichte kolommen: referentie, ontstaansdatum, bedrag, achternaam, "
        "huisnummer, postcode.",
    },
)

WITHDRAWAL = [
    OpenApiExample(
        "Withdraw a paid arrear",
        request_only=True,
        value={"referentie": "HUUR-2025-000123", "reden": "betaald"},
    ),
    OpenApiExample(
        "Two signals withdrawn",
        response_only=True,
        status_codes=[200],
        value={"referentie": "HUUR-2025-000123", "withdrawn": 2},
    ),
]
