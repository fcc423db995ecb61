"""The processing log: a span per audited processing of a person's data, with the BSN only as a
keyed hash, the municipality and the processing activity; nothing at all while it is off."""

import hashlib
import hmac
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from opentelemetry.sdk.trace import ReadableSpan
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from eropaf.accounts.roles import Role
from eropaf.audit import processing_log
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.models import Case
from eropaf.matching.models import PersonCheck, RegistryOutcome
from tests.factories import TeamFactory, make_case_with_signal, make_user_with_role

pytestmark = pytest.mark.django_db

BSN = "111222333"
BRP_BSN = "999990019"
SURNAME = "Zonnebloemvink"
KEY = "sleutel-voor-de-test"


@pytest.fixture
def spans(settings: Settings) -> Iterator[Callable[[], list[ReadableSpan]]]:
    settings.PROCESSING_LOG_EXPORTER = "memory"
    settings.PROCESSING_LOG_HASH_KEY = KEY
    exporter = processing_log.memory_exporter()
    exporter.clear()
    yield lambda: list(exporter.get_finished_spans())
    exporter.clear()


def _hmac(bsn: str, key: bytes = KEY.encode()) -> str:
    return hmac.new(key, bsn.encode(), hashlib.sha256).hexdigest()


def _case() -> Case:
    team = TeamFactory.create(municipality__code="0599")
    return make_case_with_signal(team=team, bsn=BSN, surname=SURNAME)


def _open(client: Client, case: Case, **headers: Any) -> None:
    assert case.team is not None
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    assert client.get(reverse("cases:detail", args=[case.pk]), **headers).status_code == 200


def _named(spans: list[ReadableSpan], name: str) -> list[ReadableSpan]:
    return [span for span in spans if span.name == name]


def test_opening_a_case_logs_the_processing_with_a_keyed_hash_of_the_bsn(
    client: Client,
    spans: Callable[[], list[ReadableSpan]],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    case = _case()

    with django_capture_on_commit_callbacks(execute=True):
        _open(client, case)

    [processing] = _named(spans(), "verwerking")
    [person] = _named(spans(), "betrokkene")
    assert processing.attributes is not None
    assert person.attributes is not None
    assert processing.attributes["dpl.core.processing_activity_id"] == "vroegsignalering: zaak inzien"
    assert processing.attributes["eropaf.municipality_code"] == "0599"
    assert processing.attributes["eropaf.data_subject_count"] == 1
    assert person.attributes["dpl.core.data_subject_id"] == _hmac(BSN)
    assert person.attributes["dpl.core.data_subject_id_type"] == "BSN (HMAC-SHA256)"
    assert person.parent is not None
    assert person.parent.span_id == processing.context.span_id
    assert person.context.trace_id == processing.context.trace_id
    for span in spans():
        assert span.attributes is not None
        written = " ".join(str(value) for value in span.attributes.values())
        assert BSN not in written
        assert SURNAME not in written


def test_a_bsn_the_brp_found_is_hashed_too_with_one_query(
    spans: Callable[[], list[ReadableSpan]],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    settings: Settings,
) -> None:
    case = _case()
    signal = case.signals.get()
    second = make_case_with_signal(team=case.team, bsn="", surname="Zonderbsn")  # type: ignore[arg-type]
    PersonCheck.objects.create(
        signal=second.signals.get(), outcome=RegistryOutcome.RESIDENT, bsn=BRP_BSN, checked_at=timezone.now()
    )

    def record() -> None:
        with transaction.atomic():
            record_audit_event(
                actor=None,
                action=AuditAction.EXPORT,
                subject_type="case_list",
                case_ids=[case.pk, second.pk],
                signal_ids=[signal.pk],
            )

    settings.PROCESSING_LOG_EXPORTER = "none"
    with CaptureQueriesContext(connection) as off:
        record()
    settings.PROCESSING_LOG_EXPORTER = "memory"
    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as on:
        record()

    assert len(on.captured_queries) == len(off.captured_queries) + 1
    hashes = {span.attributes["dpl.core.data_subject_id"] for span in _named(spans(), "betrokkene")}  # type: ignore[index]
    assert hashes == {_hmac(BSN), _hmac(BRP_BSN)}
    [processing] = _named(spans(), "verwerking")
    assert processing.attributes is not None
    assert (
        processing.attributes["dpl.core.processing_activity_id"] == "vroegsignalering: zakenlijst exporteren"
    )


def test_the_processing_of_one_request_shares_one_trace_and_the_next_gets_another(
    client: Client,
    spans: Callable[[], list[ReadableSpan]],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    case = _case()

    with django_capture_on_commit_callbacks(execute=True):
        _open(client, case)
    with django_capture_on_commit_callbacks(execute=True):
        _open(client, case)

    traces = [span.context.trace_id for span in _named(spans(), "verwerking")]
    assert len(traces) == 2
    assert traces[0] != traces[1]


def test_the_callers_trace_is_joined(
    client: Client,
    spans: Callable[[], list[ReadableSpan]],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"

    with django_capture_on_commit_callbacks(execute=True):
        _open(client, _case(), HTTP_TRACEPARENT=f"00-{trace_id}-00f067aa0ba902b7-01")

    [processing] = _named(spans(), "verwerking")
    assert f"{processing.context.trace_id:032x}" == trace_id


def test_nothing_is_logged_for_a_processing_that_was_rolled_back(
    spans: Callable[[], list[ReadableSpan]],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    case = _case()

    def record_then_fail() -> None:
        with transaction.atomic():
            record_audit_event(actor=None, action=AuditAction.VIEW, subject_type="case", case_ids=[case.pk])
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        record_then_fail()

    assert callbacks == []
    assert spans() == []


def test_events_without_a_person_and_logins_are_not_processing(
    spans: Callable[[], list[ReadableSpan]],
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        record_audit_event(actor=None, action=AuditAction.LOGIN, subject_type="user", case_ids=[1])
        record_audit_event(actor=None, action=AuditAction.UPDATE, subject_type="policy_version")

    assert spans() == []


def test_without_a_key_of_its_own_the_hash_key_comes_from_secret_key(
    spans: Callable[[], list[ReadableSpan]],
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.PROCESSING_LOG_HASH_KEY = ""
    case = _case()

    with django_capture_on_commit_callbacks(execute=True):
        record_audit_event(actor=None, action=AuditAction.VIEW, subject_type="case", case_ids=[case.pk])

    [person] = _named(spans(), "betrokkene")
    derived = b"eropaf.audit.processing-log:" + settings.SECRET_KEY.encode()
    assert person.attributes is not None
    assert person.attributes["dpl.core.data_subject_id"] == _hmac(BSN, derived)
    assert person.attributes["dpl.core.data_subject_id"] != _hmac(BSN, settings.SECRET_KEY.encode())


def test_when_the_log_is_off_nothing_is_read_or_sent(
    client: Client, settings: Settings, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    exporter = processing_log.memory_exporter()
    exporter.clear()
    settings.PROCESSING_LOG_EXPORTER = "none"
    case = _case()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        CaptureQueriesContext(connection) as seen,
    ):
        _open(client, case)

    assert callbacks == []
    assert exporter.get_finished_spans() == ()
    assert not [
        q for q in seen.captured_queries if "intake_signal" in q["sql"] and "audit_auditsubject" in q["sql"]
    ]


def test_an_unknown_exporter_stops_start_up(settings: Settings) -> None:
    from eropaf.audit.checks import check_processing_log_exporter  # noqa: PLC0415

    settings.PROCESSING_LOG_EXPORTER = "otlp"
    [error] = check_processing_log_exporter()
    assert error.id == "eropaf_audit.E001"
    settings.PROCESSING_LOG_EXPORTER = "console"
    assert check_processing_log_exporter() == []
