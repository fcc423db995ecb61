"""The monthly batch: the right cases, progress as it goes, and safe to run again."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django import DjangoCaptureOnCommitCallbacks

from eropaf.accounts.models import Team
from eropaf.accounts.roles import Role
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.errors import ApplicationError
from eropaf.core.periods import format_period
from eropaf.letters import batches
from eropaf.letters.batches import create_letter_batch, run_letter_batch, start_letter_batch
from eropaf.letters.kinds import LetterKind
from eropaf.letters.models import BatchStatus, GeneratedLetter, LetterBatch
from tests.factories import TeamFactory, make_case_with_signal, make_user_with_role
from tests.letters.conftest import CONTACT_REQUEST

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_templates")]


def planned(team: Team, plan: list[dict[str, str]], state: CaseState = CaseState.QUEUED) -> Case:
    return make_case_with_signal(team=team, case_fields={"contact_plan": plan, "state": state})


def test_the_batch_writes_to_queued_cases_whose_plan_starts_with_that_letter(team: Team) -> None:
    wanted = [planned(team, CONTACT_REQUEST), planned(team, CONTACT_REQUEST)]
    planned(team, [{"kind": "letter", "letter_kind": "informatie"}])  # another kind of letter
    planned(team, [{"kind": "phone", "letter_kind": ""}, *CONTACT_REQUEST])  # letter is not first
    planned(team, CONTACT_REQUEST, state=CaseState.IN_PROGRESS)  # already being worked
    batch = create_letter_batch(
        municipality=team.municipality,
        period=wanted[0].period,
        kind=LetterKind.OFFER_CONTACT_REQUEST,
        started_by=None,
    )
    seen: list[tuple[int, int]] = []

    finished = run_letter_batch(batch.pk, on_progress=lambda done, total: seen.append((done, total)))

    assert finished.status == BatchStatus.DONE
    assert (finished.done, finished.total) == (2, 2)
    assert seen == [(0, 2), (1, 2), (2, 2)]
    assert sorted(GeneratedLetter.objects.values_list("case_id", flat=True)) == [case.pk for case in wanted]
    assert all(case.contact_attempts.count() == 1 for case in wanted)
    assert LetterBatch.objects.get(pk=batch.pk).message == "2 van 2 brieven gemaakt."


def test_a_batch_that_stopped_goes_on_without_writing_twice(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = [planned(team, CONTACT_REQUEST) for _ in range(3)]
    batch = create_letter_batch(
        municipality=team.municipality,
        period=cases[0].period,
        kind=LetterKind.OFFER_CONTACT_REQUEST,
        started_by=None,
    )
    real_write = batches._write_one

    def crash_on_second(batch: LetterBatch, *, case_id: int, kind: LetterKind) -> bool:
        if case_id == cases[1].pk:
            raise RuntimeError("the worker died")
        return real_write(batch, case_id=case_id, kind=kind)

    monkeypatch.setattr(batches, "_write_one", crash_on_second)
    with pytest.raises(RuntimeError):
        run_letter_batch(batch.pk)
    stopped = LetterBatch.objects.get(pk=batch.pk)
    assert (stopped.status, stopped.done, stopped.total) == (BatchStatus.FAILED, 1, 3)
    assert "Start de ronde opnieuw" in stopped.message

    monkeypatch.setattr(batches, "_write_one", real_write)
    finished = run_letter_batch(batch.pk)
    again = run_letter_batch(batch.pk)

    assert (finished.status, finished.done, finished.total) == (BatchStatus.DONE, 3, 3)
    assert again.done == 3
    assert GeneratedLetter.objects.count() == 3
    assert all(case.contact_attempts.count() == 1 for case in cases)


def test_a_second_batch_of_the_month_skips_cases_that_already_have_the_letter(team: Team) -> None:
    first_case = planned(team, CONTACT_REQUEST)
    kind, period = LetterKind.OFFER_CONTACT_REQUEST, first_case.period
    run_letter_batch(
        create_letter_batch(municipality=team.municipality, period=period, kind=kind, started_by=None).pk
    )
    late_case = planned(team, CONTACT_REQUEST)  # a late delivery

    second = run_letter_batch(
        create_letter_batch(municipality=team.municipality, period=period, kind=kind, started_by=None).pk
    )

    assert (second.done, second.total) == (1, 1)
    assert list(second.letters.values_list("case_id", flat=True)) == [late_case.pk]


def test_cards_and_a_second_active_batch_are_refused(team: Team) -> None:
    case = planned(team, CONTACT_REQUEST)
    with pytest.raises(ApplicationError, match="per huisbezoek"):
        create_letter_batch(
            municipality=team.municipality, period=case.period, kind=LetterKind.YELLOW_CARD, started_by=None
        )
    create_letter_batch(
        municipality=team.municipality, period=case.period, kind=LetterKind.OFFER, started_by=None
    )
    with pytest.raises(batches.BatchAlreadyActive):
        create_letter_batch(
            municipality=team.municipality, period=case.period, kind=LetterKind.OFFER, started_by=None
        )


def test_started_in_the_background_it_runs_as_a_task(
    team: Team, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    case = planned(team, CONTACT_REQUEST)
    with django_capture_on_commit_callbacks(execute=True):
        batch = start_letter_batch(
            municipality=team.municipality,
            period=case.period,
            kind=LetterKind.OFFER_CONTACT_REQUEST,
            started_by=None,
        )
    assert LetterBatch.objects.get(pk=batch.pk).status == BatchStatus.DONE
    assert case.letters.count() == 1


def test_the_command_makes_the_letters_and_reports_them(
    team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    case = planned(team, CONTACT_REQUEST)
    args = [
        "--municipality",
        "1859",
        "--period",
        format_period(case.period),
        "--kind",
        "offer_contact_request",
    ]

    call_command("letter_batch", *args, "--json", "--no-progress")

    summary = json.loads(capsys.readouterr().out)
    assert (summary["status"], summary["done"], summary["total"]) == ("done", 1, 1)
    assert case.letters.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "0000", "--period", "2025-03", "--kind", "offer"], "geen gemeente"),
        (["--municipality", "1859", "--period", "maart", "--kind", "offer"], "JJJJ-MM"),
    ],
)
def test_the_command_refuses_with_exit_code_2(team: Team, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message) as caught:
        call_command("letter_batch", *args, "--no-progress")
    assert caught.value.returncode == 2


def test_a_batch_started_by_a_team_lead_covers_only_the_cases_of_their_teams(team: Team) -> None:
    lead = make_user_with_role(Role.TEAM_LEAD, team=team)
    own = planned(team, CONTACT_REQUEST)
    other = planned(TeamFactory.create(municipality=team.municipality), CONTACT_REQUEST)
    batch = create_letter_batch(
        municipality=team.municipality,
        period=own.period,
        kind=LetterKind.OFFER_CONTACT_REQUEST,
        started_by=lead,
    )

    finished = run_letter_batch(batch.pk)

    assert (finished.done, finished.total) == (1, 1)
    assert own.letters.get().created_by == lead
    assert not other.letters.exists()
