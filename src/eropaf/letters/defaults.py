"""The national default texts of every letter kind (B1 Dutch). Municipalities may add their own.

Installed by a data migration, and again by the demo after it empties the database.
"""

# ruff: noqa: E501 — letter texts are prose: one paragraph a line, as the administrator edits them.
from typing import Any

DEFAULTS = {
    "offer": (
        "Hulp bij het betalen van uw rekeningen",
        """We hebben gehoord dat u een betalingsachterstand heeft bij {{ achterstanden }}. Dat kan iedereen overkomen. Daarom schrijven wij u deze brief. We willen u graag helpen, zodat de achterstand niet groter wordt.

De gemeente {{ gemeente }} helpt inwoners die moeite hebben met rondkomen. Deze hulp is gratis. U beslist zelf of u hulp wilt.

Wat kunnen wij samen met u doen?
- Kijken naar uw rekeningen en uw inkomen.
- Een betalingsregeling maken met {{ achterstanden }}.
- Nagaan of u geld kunt krijgen waar u recht op heeft, zoals toeslagen.

Wilt u hulp of heeft u een vraag? Bel dan {{ telefoon }}. Noem het kenmerk bovenaan deze brief, dan weten wij waar het over gaat.

Heeft u de achterstand al betaald of een regeling getroffen? Dan hoeft u niets te doen.""",
    ),
    "offer_contact_request": (
        "Wij willen graag met u praten over hulp",
        """We hebben gehoord dat u een betalingsachterstand heeft bij {{ achterstanden }}. Dat kan iedereen overkomen. We willen u graag helpen, zodat de achterstand niet groter wordt en u weer rust krijgt.

De gemeente {{ gemeente }} helpt inwoners die moeite hebben met rondkomen. Deze hulp is gratis. U beslist zelf of u hulp wilt.

Wij willen graag met u in gesprek. Wilt u ons bellen vóór {{ reageer_voor }}? Ons telefoonnummer is {{ telefoon }}. Noem het kenmerk bovenaan deze brief. U kunt ook vragen of wij u terugbellen of bij u langskomen.

Horen wij niets van u? Dan bellen wij u of komen wij een keer bij u langs.

Heeft u de achterstand al betaald of een regeling getroffen? Laat het ons dan even weten. Dan hoeven wij u niet meer te bellen.""",
    ),
    "recurring": (
        "Opnieuw een betalingsachterstand: wij helpen u graag",
        """U kreeg eerder al bericht van ons over een betalingsachterstand. Nu hebben we opnieuw gehoord dat u een achterstand heeft bij {{ achterstanden }}. Het lijkt erop dat het betalen nog steeds niet lukt. Dat is vervelend, en het kan iedereen overkomen.

We willen u graag helpen om de achterstand op te lossen, en om te voorkomen dat het steeds weer gebeurt. Samen kijken we naar uw inkomen en uw vaste lasten. Als het nodig is, zoeken we samen een budgetcoach of andere hulp die bij u past. De hulp is gratis.

Wilt u ons bellen vóór {{ reageer_voor }}? Ons telefoonnummer is {{ telefoon }}. Noem het kenmerk bovenaan deze brief.

Horen wij niets van u? Dan nemen wij zelf contact met u op.""",
    ),
    "youth": (
        "Geldzorgen? Wij helpen je graag",
        """We hebben gehoord dat je een betalingsachterstand hebt bij {{ achterstanden }}. Dat overkomt veel jongeren, zeker als je net op jezelf woont of weinig verdient. Je bent dus niet de enige.

Als je snel iets doet, blijft het probleem klein. Daarom willen we je graag helpen. De hulp is gratis en je beslist zelf wat je wilt.

Samen met jou kijken we naar je geld: wat komt er binnen, wat gaat eruit? We helpen je met een betalingsregeling. En we zoeken uit of je recht hebt op toeslagen of andere regelingen.

Bel of app ons vóór {{ reageer_voor }} op {{ telefoon }}. Noem het kenmerk bovenaan deze brief. Je mag ook iemand meenemen naar een gesprek, bijvoorbeeld een ouder of een vriend.""",
    ),
    "not_at_home_card": (
        "We waren bij u langs",
        """Vandaag, {{ datum }}, kwamen we bij u langs. U was niet thuis. Jammer, want we hadden u graag even gesproken.

We komen van de gemeente {{ gemeente }}. We helpen inwoners die moeite hebben met het betalen van hun rekeningen. De hulp is gratis.

Wilt u ons bellen? Ons telefoonnummer is {{ telefoon }}. Noem het kenmerk op deze kaart. Horen wij niets van u? Dan komen we nog een keer langs.""",
    ),
    "yellow_card": (
        "Belangrijk: neem zo snel mogelijk contact met ons op",
        """Vandaag, {{ datum }}, stonden we bij u voor de deur. U was niet thuis. We hebben al vaker geprobeerd u te bereiken.

We maken ons zorgen over u. U heeft een betalingsachterstand bij {{ achterstanden }}. Als die niet wordt opgelost, kan dat grote gevolgen hebben. Bijvoorbeeld dat u uw woning kwijtraakt of zonder energie komt te zitten.

Het is nog niet te laat. Er is hulp, en die hulp is gratis. Samen zoeken we een oplossing.

Bel ons vandaag of morgen op {{ telefoon }}, en in elk geval vóór {{ reageer_voor }}. Noem het kenmerk op deze kaart. U kunt ook iemand die u vertrouwt vragen om ons te bellen.""",
    ),
}


def seed_default_templates(template_model: Any) -> int:
    """Add the national defaults that are missing (edited ones are left alone); returns how many.

    ``template_model`` is ``LetterTemplate``, or its historical version in a data migration.
    """
    created = 0
    for kind, (title, body) in DEFAULTS.items():
        if not template_model.objects.filter(municipality=None, kind=kind, is_active=True).exists():
            template_model.objects.create(
                municipality=None, kind=kind, title=title, body=body, is_active=True
            )
            created += 1
    return created
