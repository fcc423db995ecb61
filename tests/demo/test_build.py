"""The demo region looks like a real Drechtsteden year: volumes, mix, recurrence, valid data."""

import datetime as dt
import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.test import Client
from django.urls import reverse
from stdnum.nl import bsn as nl_bsn
from stdnum.nl import postcode as nl_postcode

from eropaf.accounts.models import RoleAssignment
from eropaf.accounts.roles import CASE_ROLES, Role, TeamKind
from eropaf.cases.models import Case, CaseSignal, ContactAttempt
from eropaf.cases.workflow import CaseState
from eropaf.core.periods import months_back, parse_period, period_of
from eropaf.core.vocabularies import ContactKind, DayPart, Outcome, PartnerType, SignalStatus
from eropaf.demo.builder import DemoSummary, build_demo
from eropaf.demo.region import MUNICIPALITIES, TYPE_SHARES
from eropaf.intake.models import Delivery, Signal
from eropaf.intake.normalise import address_key
from eropaf.organisations.models import Municipality, Partner, PostcodeArea
from tests.demo.conftest import SEED, TODAY

pytestmark = pytest.mark.django_db

PERIODS = months_back(period_of(TODAY), 12)
# Months with six months of history before them inside the demo year.
FULL_HISTORY = PERIODS[6:]
ZONE = ZoneInfo("Europe/Amsterdam")
OFFICE_KINDS = {
    ContactKind.LETTER,
    ContactKind.EMAIL,
    ContactKind.ADMINISTRATIVE,
    ContactKind.APPOINTMENT_ON_SITE,
}


def signal_digest() -> str:
    rows = Signal.objects.order_by("period", "partner__code", "reference", "amount_cents").values_list(
        "reference", "amount_cents", "postcode", "bsn"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def test_the_region_has_three_municipalities_with_their_postcode_areas(demo: DemoSummary) -> None:
    stored = {m.code: m for m in Municipality.objects.all()}
    assert set(stored) == {"0505", "0642", "0590"}
    assert stored["0505"].name == "Dordrecht"
    dordrecht = set(PostcodeArea.objects.filter(municipality__code="0505").values_list("digits", flat=True))
    assert dordrecht == {str(digits) for digits in range(3311, 3320)} | {"3328"}
    assert PostcodeArea.objects.filter(district__isnull=True).count() == 0
    assert {item.code for item in demo.municipalities} == set(stored)


def test_partners_serve_several_municipalities(demo: DemoSummary) -> None:
    partners = Partner.objects.annotate(served=Count("municipalities"))
    kinds = Counter(partner.partner_type for partner in partners)
    assert kinds[PartnerType.RENT] >= 3
    assert kinds[PartnerType.HEALTH_INSURANCE] == 2
    assert kinds[PartnerType.ENERGY] >= 1
    assert kinds[PartnerType.WATER] >= 1
    assert partners.filter(is_private_landlord=True, partner_type=PartnerType.RENT).exists()
    corporations = [p for p in partners if p.partner_type == PartnerType.RENT and not p.is_private_landlord]
    assert all(partner.served >= 2 for partner in corporations)
    assert all(re.fullmatch(r"\d{8}", partner.kvk_number) for partner in partners)


def test_every_role_has_a_demo_user_who_can_log_in(demo: DemoSummary, client: Client) -> None:
    printed = {login.username: login for login in demo.logins}
    roles = set(RoleAssignment.objects.filter(user__username__in=printed).values_list("role", flat=True))
    assert roles == set(Role)
    assert len({login.password for login in demo.logins}) == 1
    assert len(demo.logins[0].password) >= 12

    for login in demo.logins:
        response = client.post(
            reverse("accounts:login"), {"username": login.username, "password": login.password}
        )
        assert response.status_code == 302, login.username
        client.logout()


def test_team_users_have_cases_to_work_on_in_their_own_municipality(demo: DemoSummary) -> None:
    for assignment in RoleAssignment.objects.filter(role__in=CASE_ROLES).select_related("team", "user"):
        team_cases = Case.objects.filter(team=assignment.team)
        assert team_cases.exclude(state=CaseState.CLOSED).exists(), assignment.user.username
        assert not team_cases.exclude(municipality=assignment.municipality).exists()
    zwijndrecht = RoleAssignment.objects.get(user__username="vroegsignaleerder-zwijndrecht")
    assert zwijndrecht.team is not None
    assert zwijndrecht.team.kind == TeamKind.EARLY_DETECTION
    assert zwijndrecht.municipality is not None
    assert zwijndrecht.municipality.code == "0642"


def test_signal_volume_is_about_four_per_thousand_inhabitants_per_month(demo: DemoSummary) -> None:
    counts = Counter(Signal.objects.values_list("municipality__code", "period"))
    for spec in MUNICIPALITIES:
        expected = spec.inhabitants / 1000 * 4
        monthly = [counts[(spec.code, period)] for period in PERIODS]
        assert all(abs(count - expected) <= 0.15 * expected for count in monthly), (spec.name, monthly)
        assert abs(sum(monthly) / 12 - expected) <= 0.05 * expected
    assert 8_500 <= Signal.objects.count() <= 10_500


def test_signal_type_mix_follows_the_national_figures(demo: DemoSummary) -> None:
    for spec in MUNICIPALITIES:
        kinds = Counter(
            Signal.objects.filter(municipality__code=spec.code).values_list("signal_type", flat=True)
        )
        total = sum(kinds.values())
        for kind, share in TYPE_SHARES.items():
            assert abs(kinds[kind] / total - share) <= 0.04, (spec.name, kind, kinds[kind] / total)


def test_about_eleven_percent_of_cases_have_several_signals(demo: DemoSummary) -> None:
    cases = Case.objects.annotate(signal_count=Count("case_signals"))
    assert not cases.filter(signal_count=0).exists()
    assert not cases.filter(is_multiple=True, signal_count__lt=2).exists()
    assert not cases.filter(is_multiple=False, signal_count__gte=2).exists()
    share = cases.filter(is_multiple=True).count() / cases.count()
    assert 0.08 <= share <= 0.14


def test_about_forty_percent_of_cases_are_consecutive(demo: DemoSummary) -> None:
    months_by_address: dict[tuple[int, str], set[dt.date]] = defaultdict(set)
    for municipality_id, key, period in Signal.objects.values_list(
        "municipality_id", "address_key", "period"
    ):
        months_by_address[(municipality_id, key)].add(period)

    later = Case.objects.filter(period__in=FULL_HISTORY)
    for case in Case.objects.all():
        window = set(months_back(case.period, 7)[:-1])
        expected = bool(months_by_address[(case.municipality_id, case.address_key)] & window)
        assert case.is_consecutive == expected, case.pk
    share = later.filter(is_consecutive=True).count() / later.count()
    assert 0.33 <= share <= 0.47


def test_addresses_are_valid_and_inside_their_municipality(demo: DemoSummary) -> None:
    areas = dict(PostcodeArea.objects.values_list("digits", "municipality_id"))
    rows = Signal.objects.values_list(
        "postcode",
        "municipality_id",
        "house_number",
        "house_letter",
        "house_number_addition",
        "address_key",
        "city",
    )
    for postcode, municipality_id, number, letter, addition, key, city in rows:
        assert re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", postcode)
        assert nl_postcode.is_valid(postcode), postcode
        assert areas[postcode[:4]] == municipality_id
        assert key == address_key(
            postcode=postcode, house_number=number, house_letter=letter, addition=addition
        )
        assert city
    assert Signal.objects.exclude(house_letter="").exists()
    assert Signal.objects.exclude(house_number_addition="").exists()


def test_people_have_valid_bsns_plausible_ages_and_often_lack_a_phone(demo: DemoSummary) -> None:
    rows = list(Signal.objects.values_list("bsn", "birth_date", "phone", "email", "period"))
    assert all(nl_bsn.is_valid(bsn) for bsn, *_ in rows)
    ages_then = [(period - birth).days / 365.25 for _, birth, _, _, period in rows if birth is not None]
    ages_now = [(TODAY - birth).days / 365.25 for _, birth, _, _, _ in rows if birth is not None]
    assert len(ages_now) == len(rows)
    assert min(ages_then) >= 18
    assert max(ages_now) < 92
    assert sum(age < 28 for age in ages_then) / len(rows) >= 0.10
    phones = [phone for _, _, phone, _, _ in rows]
    assert 0.25 <= phones.count("") / len(phones) <= 0.41
    assert all(re.fullmatch(r"\+316\d{8}", phone) for phone in phones if phone)
    assert 0 < sum(email == "" for _, _, _, email, _ in rows) < len(rows)


def test_amounts_are_realistic_per_type(demo: DemoSummary) -> None:
    ranges = {
        PartnerType.HEALTH_INSURANCE: (15_000, 90_000),
        PartnerType.ENERGY: (20_000, 150_000),
        PartnerType.RENT: (110_000, 380_000),
        PartnerType.WATER: (8_000, 40_000),
    }
    for kind, (low, high) in ranges.items():
        amounts = sorted(Signal.objects.filter(signal_type=kind).values_list("amount_cents", flat=True))
        median = amounts[len(amounts) // 2]
        assert low <= median <= high, kind
        within = sum(low <= amount <= high for amount in amounts) / len(amounts)
        assert within >= 0.85, kind
    assert not Signal.objects.filter(
        Q(instalment_cents__isnull=True) | Q(months_in_arrears__isnull=True)
    ).exists()


def test_rising_and_persistent_rent_arrears_and_court_steps_exist(demo: DemoSummary) -> None:
    rising = CaseSignal.objects.filter(is_rising=True, signal__signal_type=PartnerType.RENT).select_related(
        "signal"
    )
    assert rising.count() >= 20
    for link in rising[:50]:
        (reason,) = [reason for reason in link.reasons if reason["code"] == "rising"]
        assert reason["previous_amount_cents"] < link.signal.amount_cents
        previous = parse_period(reason["previous_period"])
        earlier = Signal.objects.filter(partner_id=link.signal.partner_id, period=previous)
        if reason["by"] == "reference":
            earlier = earlier.filter(reference=link.signal.reference)
        else:
            earlier = earlier.filter(signal_type=link.signal.signal_type, address_key=link.signal.address_key)
        assert max(earlier.values_list("amount_cents", flat=True)) == reason["previous_amount_cents"]

    persistent = CaseSignal.objects.filter(is_persistent=True, signal__signal_type=PartnerType.RENT)
    assert persistent.count() >= 20
    for link in persistent.select_related("signal")[:50]:
        same_arrear = Q(reference=link.signal.reference) | Q(
            signal_type=link.signal.signal_type, address_key=link.signal.address_key
        )
        periods = set(
            Signal.objects.filter(same_arrear, partner_id=link.signal.partner_id).values_list(
                "period", flat=True
            )
        )
        assert set(months_back(link.signal.period, 3)) <= periods

    rent = Signal.objects.filter(signal_type=PartnerType.RENT)
    assert rent.filter(summons_date__isnull=False).exists()
    assert rent.filter(judgment_date__isnull=False).exists()
    assert rent.filter(eviction_date__isnull=False).exists()
    assert Signal.objects.filter(is_end_of_supply=True, signal_type=PartnerType.ENERGY).exists()
    assert Signal.objects.filter(is_crisis=True).exists()
    assert Case.objects.filter(has_minors=True).count() / Case.objects.count() >= 0.15


def test_cases_have_consistent_states_outcomes_and_signal_statuses(demo: DemoSummary) -> None:
    closed = Case.objects.filter(state=CaseState.CLOSED)
    assert not closed.filter(outcome="").exists()
    assert not Case.objects.exclude(state=CaseState.CLOSED).exclude(outcome="").exists()
    current = Case.objects.filter(period=PERIODS[-1])
    # Triage routed the current month's cases nobody had touched yet (only a BRP review holds one back).
    assert current.filter(triaged_at__isnull=False, state=CaseState.QUEUED).exclude(queue="").exists()
    assert not current.filter(state=CaseState.NEW, matching_decision="", person_age__isnull=False).exists()
    assert current.filter(state=CaseState.QUEUED).exists()
    assert current.filter(state=CaseState.IN_PROGRESS).exists()
    older = Case.objects.filter(period__lte=PERIODS[-3])
    assert older.filter(state=CaseState.CLOSED).count() / older.count() >= 0.8

    outcomes = Counter(closed.values_list("outcome", flat=True))
    picked_up = sum(count for outcome, count in outcomes.items() if not Outcome(outcome).is_not_picked_up)
    assert 0.22 <= outcomes[Outcome.NO_CONTACT] / picked_up <= 0.38
    helped = sum(count for outcome, count in outcomes.items() if Outcome(outcome).is_help_accepted)
    assert 0.22 <= helped / picked_up <= 0.4
    assert outcomes[Outcome.NOT_PICKED_UP_REPEAT] > 0

    for case in closed.filter(outcome__in=[o.value for o in Outcome if o.is_not_picked_up])[:200]:
        statuses = set(Signal.objects.filter(case_link__case=case).values_list("status", flat=True))
        assert statuses == {SignalStatus(case.outcome)}
    new_statuses = set(
        Signal.objects.filter(
            case_link__case__state=CaseState.QUEUED, case_link__case__triaged_at__isnull=False
        ).values_list("status", flat=True)
    )
    assert SignalStatus.NOT_YET_PICKED_UP in new_statuses
    assert new_statuses <= {SignalStatus.NOT_YET_PICKED_UP, SignalStatus.PICKED_UP}
    assert not closed.filter(closed_on__isnull=True).exists()
    assert all(day.weekday() < 5 for day in Case.objects.values_list("opened_on", flat=True))
    assert not closed.filter(closed_on__gt=TODAY).exists()
    untriaged = Case.objects.filter(triaged_at__isnull=True)
    assert not untriaged.exclude(due_on=F("opened_on") + dt.timedelta(days=28)).exists()
    triaged = Case.objects.filter(triaged_at__isnull=False)
    assert not triaged.filter(triage_outcome="", due_on__isnull=True).exists()
    assert not triaged.exclude(triage_outcome="").exclude(due_on__isnull=True).exists()


def test_contact_attempts_match_outcomes_and_times(demo: DemoSummary) -> None:
    reached = Count("contact_attempts", filter=Q(contact_attempts__reached=True))
    closed = Case.objects.filter(state=CaseState.CLOSED).annotate(reached_count=reached)
    reached_outcomes = [o.value for o in Outcome if o.is_reached]
    assert not closed.filter(outcome__in=reached_outcomes, reached_count=0).exists()
    assert not closed.filter(outcome=Outcome.NO_CONTACT, reached_count__gt=0).exists()
    assert (
        not closed.filter(outcome=Outcome.NO_CONTACT)
        .annotate(n=Count("contact_attempts"))
        .filter(n=0)
        .exists()
    )

    attempts = ContactAttempt.objects.select_related("case")
    kinds = Counter(attempts.values_list("kind", flat=True))
    assert {"letter", "phone", "sms_whatsapp", "whatsapp_call", "home_visit", "card", "email"} <= set(kinds)
    outside = 0
    for attempt in attempts.iterator():
        local = attempt.at.astimezone(ZONE)
        assert attempt.day_part == DayPart.of(local.time())
        is_outside = local.hour < 8 or local.hour >= 18 or local.weekday() >= 5
        assert attempt.outside_office_hours == is_outside
        outside += is_outside
        assert attempt.case.opened_on <= local.date() < TODAY
        if attempt.kind in OFFICE_KINDS:
            assert local.weekday() < 5
            assert dt.time(8, 30) <= local.time() <= dt.time(16, 30)
        if attempt.case.closed_on:
            assert local.date() <= attempt.case.closed_on
    assert 0.03 <= outside / attempts.count() <= 0.25


def test_deliveries_come_monthly_before_the_cut_off(demo: DemoSummary) -> None:
    deliveries = Delivery.objects.annotate(signal_count=Count("signals"))
    partners_with_signals = Signal.objects.values("partner").distinct().count()
    assert deliveries.count() == partners_with_signals * 12
    for delivery in deliveries:
        local = delivery.received_at.astimezone(ZONE)
        assert delivery.period == period_of(local.date())
        assert local.day < 25
        assert local.date() < TODAY
        assert delivery.accepted_count == delivery.signal_count
        # The rows the format rejected are counted too (tests/demo/test_quarantine.py).
        assert delivery.received_count == delivery.accepted_count + delivery.rejected_count
    assert not Signal.objects.filter(signal_date__gt=TODAY).exists()
    assert not Signal.objects.filter(arrear_start_date__gt=TODAY).exists()


def test_the_same_seed_gives_the_same_rows_when_built_again(demo: DemoSummary) -> None:
    first = signal_digest()

    build_demo(seed=SEED, today=TODAY)

    assert signal_digest() == first
    assert Case.objects.count() == len({*Case.objects.values_list("municipality", "period", "address_key")})


def test_the_command_prints_one_json_object_and_another_seed_gives_other_rows(demo: DemoSummary) -> None:
    first = signal_digest()
    out, err = io.StringIO(), io.StringIO()

    call_command("demo", "--no-serve", "--json", "--seed", "1", stdout=out, stderr=err)

    data = json.loads(out.getvalue())
    assert set(data) == {"municipalities", "partners", "users"}
    assert {m["code"]: m["name"] for m in data["municipalities"]} == {
        "0505": "Dordrecht",
        "0642": "Zwijndrecht",
        "0590": "Papendrecht",
    }
    for municipality in data["municipalities"]:
        stored = PostcodeArea.objects.filter(municipality__code=municipality["code"])
        assert municipality["postcode_areas"] == sorted(stored.values_list("digits", flat=True))
    assert all(set(partner) == {"code", "name", "type"} for partner in data["partners"])
    assert {partner["type"] for partner in data["partners"]} <= set(PartnerType.values)
    assert {partner["code"] for partner in data["partners"]} == set(
        Partner.objects.values_list("code", flat=True)
    )
    users = data["users"]
    assert all(set(user) == {"username", "password", "role", "role_label", "scope"} for user in users)
    assert {user["role"] for user in users} == set(Role.values)
    assert all(user["role_label"] and user["scope"] for user in users)
    assert len({user["username"] for user in users}) == len(users)
    assert signal_digest() != first


def test_the_demo_cases_carry_the_explanation_of_their_municipalitys_policy(demo: DemoSummary) -> None:
    triaged = Case.objects.exclude(triaged_at=None)
    assert triaged.count() / Case.objects.filter(matching_decision="").count() >= 0.7
    names = dict(triaged.values_list("municipality__name", "triage_policy_name").distinct())
    assert names == {"Dordrecht": "Landelijk", "Zwijndrecht": "Leiden", "Papendrecht": "Oost Gelre"}
    # The explanation agrees with the route: a not-picked-up decision only on a case closed that way.
    assert not triaged.exclude(triage_outcome="").exclude(state=CaseState.CLOSED).exists()
    assert not triaged.filter(
        triage_outcome="", outcome__in=[o.value for o in Outcome if o.is_not_picked_up]
    ).exists()
