"""factory_boy factories for every domain model, with traits for the usual variations."""

import datetime as dt
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from eropaf.accounts.models import RoleAssignment, Team, User
from eropaf.accounts.roles import Role, Scope, TeamKind
from eropaf.cases.models import Case, CaseSignal, ContactAttempt
from eropaf.cases.workflow import CaseState
from eropaf.core.periods import period_of
from eropaf.core.vocabularies import ContactKind, DayPart, DeliveryChannel, Outcome, PartnerType
from eropaf.intake.models import Delivery, DeliveryStatus, Signal
from eropaf.intake.normalise import address_key
from eropaf.organisations.models import District, Municipality, Partner, PostcodeArea

PASSWORD = "correct-horse-battery-staple"


class MunicipalityFactory(DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    # CBS codes have 4 digits; the sequence wraps so a long test run never makes a fifth.
    code = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    inhabitants = 100_000


class DistrictFactory(DjangoModelFactory[District]):
    class Meta:
        model = District

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"W{n:02d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")


class PostcodeAreaFactory(DjangoModelFactory[PostcodeArea]):
    class Meta:
        model = PostcodeArea
        django_get_or_create = ("digits",)

    digits = factory.Sequence(lambda n: f"{1000 + n % 9000:04d}")
    municipality = factory.SubFactory(MunicipalityFactory)
    district = None


class PartnerFactory(DjangoModelFactory[Partner]):
    class Meta:
        model = Partner
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"partner-{n}")
    name = factory.Sequence(lambda n: f"Partner {n} B.V.")
    partner_type = PartnerType.RENT
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")

    @factory.post_generation
    def municipalities(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.municipalities.set(extracted)


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    kind = TeamKind.EARLY_DETECTION


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Gebruiker {n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.nl")
    password = factory.django.Password(PASSWORD)


def make_user_with_role(
    role: Role,
    *,
    team: Team | None = None,
    municipality: Municipality | None = None,
    partner: Partner | None = None,
    username: str | None = None,
) -> User:
    """A user with one role in a fitting scope; the scope is created when not given."""
    user = UserFactory.create(**({"username": username} if username else {}))
    if role.scope is Scope.TEAM:
        team = team or TeamFactory.create(municipality=municipality or MunicipalityFactory.create())
        RoleAssignment.objects.create(user=user, role=role, team=team, municipality=team.municipality)
    elif role.scope is Scope.PARTNER:
        partner = partner or PartnerFactory.create()
        RoleAssignment.objects.create(user=user, role=role, partner=partner)
    else:
        RoleAssignment.objects.create(
            user=user, role=role, municipality=municipality or MunicipalityFactory.create()
        )
    return user


class DeliveryFactory(DjangoModelFactory[Delivery]):
    class Meta:
        model = Delivery

    partner = factory.SubFactory(PartnerFactory)
    period = factory.LazyFunction(lambda: period_of(timezone.localdate()))
    channel = DeliveryChannel.PORTAL
    status = DeliveryStatus.PROCESSED
    file_name = "signalen.csv"
    received_at = factory.LazyFunction(timezone.now)
    received_count = 0
    accepted_count = 0


class SignalFactory(DjangoModelFactory[Signal]):
    class Meta:
        model = Signal

    delivery = factory.SubFactory(DeliveryFactory)
    partner = factory.SelfAttribute("delivery.partner")
    municipality = factory.SubFactory(MunicipalityFactory)
    period = factory.SelfAttribute("delivery.period")
    row_number = factory.Sequence(lambda n: n + 2)
    reference = factory.Sequence(lambda n: f"REF-{n:06d}")
    signal_type = factory.SelfAttribute("partner.partner_type")
    arrear_start_date = factory.LazyAttribute(lambda s: s.period - dt.timedelta(days=75))
    signal_date = factory.LazyAttribute(lambda s: s.period + dt.timedelta(days=3))
    amount_cents = 64_000
    bsn = "999990019"
    first_names = "Jan"
    initials = "J."
    surname = "Jansen"
    birth_date = dt.date(1990, 5, 17)
    street = "Dorpsstraat"
    house_number = factory.Sequence(lambda n: n + 1)
    postcode = "3311AB"
    city = "Dordrecht"
    address_key = factory.LazyAttribute(
        lambda s: address_key(postcode=s.postcode, house_number=s.house_number)
    )

    class Params:
        rent = factory.Trait(signal_type=PartnerType.RENT)
        crisis = factory.Trait(is_crisis=True)


class CaseFactory(DjangoModelFactory[Case]):
    class Meta:
        model = Case

    municipality = factory.SubFactory(MunicipalityFactory)
    period = factory.LazyFunction(lambda: period_of(timezone.localdate()))
    address_key = factory.Sequence(lambda n: f"3311AB|{n + 1}||")
    state = CaseState.QUEUED
    team = factory.SubFactory(TeamFactory, municipality=factory.SelfAttribute("..municipality"))
    opened_on = factory.LazyAttribute(lambda c: c.period)
    due_on = factory.LazyAttribute(lambda c: c.period + dt.timedelta(days=28))

    class Params:
        closed = factory.Trait(state=CaseState.CLOSED, outcome=Outcome.ADVICE_OR_QUICK_FIX)


class CaseSignalFactory(DjangoModelFactory[CaseSignal]):
    class Meta:
        model = CaseSignal

    case = factory.SubFactory(CaseFactory)
    signal = factory.SubFactory(
        SignalFactory,
        municipality=factory.SelfAttribute("..case.municipality"),
        period=factory.SelfAttribute("..case.period"),
    )


class ContactAttemptFactory(DjangoModelFactory[ContactAttempt]):
    class Meta:
        model = ContactAttempt

    case = factory.SubFactory(CaseFactory)
    kind = ContactKind.PHONE
    at = factory.LazyFunction(timezone.now)
    day_part = DayPart.MORNING
    reached = False


def make_superuser(*, username: str | None = None) -> User:
    """A Django superuser (staff) without any product role: may use /django-admin/ only."""
    return UserFactory.create(
        is_staff=True, is_superuser=True, **({"username": username} if username else {})
    )


def make_case_with_signal(
    *,
    team: Team,
    delivery: Delivery | None = None,
    period: dt.date | None = None,
    case_fields: dict[str, Any] | None = None,
    **signal_fields: Any,
) -> Case:
    """A case of ``team`` for one household with one signal, consistent in municipality,
    period and address. ``signal_fields`` go to the signal (surname, bsn, street, ...)."""
    municipality = team.municipality
    period = period or period_of(timezone.localdate())
    if delivery is None:
        partner = PartnerFactory.create(municipalities=[municipality])
        delivery = DeliveryFactory.create(partner=partner, period=period)
    signal = SignalFactory.create(
        delivery=delivery, municipality=municipality, period=period, **signal_fields
    )
    case = CaseFactory.create(
        municipality=municipality,
        team=team,
        period=period,
        address_key=signal.address_key,
        total_amount_cents=signal.amount_cents,
        **(case_fields or {}),
    )
    CaseSignalFactory.create(case=case, signal=signal)
    return case
