"""Withdrawing signals in the portal: by reference, for the own partner only."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from eropaf.accounts.models import RoleAssignment
from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.intake.models import Signal
from eropaf.organisations.models import Partner
from tests.factories import DeliveryFactory, PartnerFactory, SignalFactory, make_user_with_role

pytestmark = pytest.mark.django_db

UNKNOWN = "There is no open signal with this reference"


def signal_of(partner: Partner, reference: str, amount_cents: int = 64_000) -> Signal:
    delivery = DeliveryFactory.create(partner=partner)
    return SignalFactory.create(delivery=delivery, reference=reference, amount_cents=amount_cents)


def test_a_partner_withdraws_its_open_signals_with_a_reference(client: Client) -> None:
    partner, other = PartnerFactory.create(), PartnerFactory.create()
    own = [signal_of(partner, "H-100", 64_000), signal_of(partner, "H-100", 70_000)]
    unrelated = signal_of(partner, "H-200")
    others = signal_of(other, "H-100")
    user = make_user_with_role(Role.PARTNER_USER, partner=partner)
    client.force_login(user)

    form = client.get(reverse("intake:withdraw"))
    assert form.status_code == 200
    assert 'name="referentie"' in form.content.decode()
    response = client.post(
        reverse("intake:withdraw"), {"referentie": " H-100 ", "reden": "achterstand betaald"}, follow=True
    )

    assert response.redirect_chain == [(reverse("intake:withdraw"), 302)]
    expected = ngettext(
        "%(count)s signal with reference %(reference)s was withdrawn.",
        "%(count)s signals with reference %(reference)s were withdrawn.",
        2,
    ) % {
        "count": 2,
        "reference": "H-100",
    }
    assert expected in response.content.decode()
    for signal in own:
        signal.refresh_from_db()
        assert signal.withdrawn_at is not None
        assert signal.withdrawal_reason == "achterstand betaald"
    for signal in (unrelated, others):
        signal.refresh_from_db()
        assert signal.withdrawn_at is None
    event = AuditEvent.objects.get(subject_type="signal")
    assert event.action == AuditAction.UPDATE
    assert event.actor_id == user.pk


def test_an_unknown_or_already_withdrawn_reference_is_said_plainly(client: Client) -> None:
    partner, other = PartnerFactory.create(), PartnerFactory.create()
    signal_of(other, "ALLEEN-VAN-B")
    client.force_login(make_user_with_role(Role.PARTNER_USER, partner=partner))
    signal_of(partner, "H-300")
    message = gettext(
        "There is no open signal with this reference: the reference is unknown, or its "
        "signals were withdrawn before. Check the reference as you delivered it."
    )

    first = client.post(reverse("intake:withdraw"), {"referentie": "H-300", "reden": "betaald"})
    assert first.status_code == 302
    for reference in ("H-300", "ONBEKEND", "ALLEEN-VAN-B"):
        again = client.post(reverse("intake:withdraw"), {"referentie": reference, "reden": "betaald"})
        assert again.status_code == 400
        assert message in again.content.decode()
    assert Signal.objects.get(reference="ALLEEN-VAN-B").withdrawn_at is None


def test_reference_and_reason_are_required(client: Client) -> None:
    partner = PartnerFactory.create()
    signal = signal_of(partner, "H-400")
    client.force_login(make_user_with_role(Role.PARTNER_USER, partner=partner))
    response = client.post(reverse("intake:withdraw"), {"referentie": "H-400", "reden": ""})
    assert response.status_code == 400
    signal.refresh_from_db()
    assert signal.withdrawn_at is None


def test_a_user_of_several_partners_withdraws_for_the_chosen_one(client: Client) -> None:
    first, second, stranger = PartnerFactory.create(), PartnerFactory.create(), PartnerFactory.create()
    user = make_user_with_role(Role.PARTNER_USER, partner=first)
    RoleAssignment.objects.create(user=user, role=Role.PARTNER_USER, partner=second)
    signals = {partner.pk: signal_of(partner, "GEDEELD") for partner in (first, second, stranger)}
    client.force_login(user)

    page = client.get(reverse("intake:withdraw")).content.decode()
    assert 'name="partner"' in page
    assert stranger.name not in page
    refused = client.post(
        reverse("intake:withdraw"), {"partner": stranger.pk, "referentie": "GEDEELD", "reden": "betaald"}
    )
    assert refused.status_code == 400
    done = client.post(
        reverse("intake:withdraw"), {"partner": second.pk, "referentie": "GEDEELD", "reden": "betaald"}
    )
    assert done.status_code == 302

    withdrawn = {pk for pk, signal in signals.items() if Signal.objects.get(pk=signal.pk).withdrawn_at}
    assert withdrawn == {second.pk}
