"""The processing log, after the Logboek Dataverwerkingen standard: an OpenTelemetry span for every
audited processing of a person's data.

For an audit event that names cases or signals (view, create, update, delete, export, search) one
span "verwerking" carries the processing activity, the municipality and the audit event's id, with
one child span "betrokkene" per person whose ``dpl.core.data_subject_id`` is the HMAC-SHA256 of the
BSN under ``PROCESSING_LOG_HASH_KEY``. No BSN or name ever leaves in clear.

The BSNs are read in the transaction of the event (one query); the spans are exported when that
transaction commits, so a processing that was rolled back is not logged. Within a request the spans
join the caller's trace (W3C ``traceparent``) or the request's own new trace
(``ProcessingTraceMiddleware``); elsewhere every event starts a new trace.

``PROCESSING_LOG_EXPORTER`` chooses where the spans go: ``none`` (default: nothing is read or
sent), ``console`` (JSON on standard output) or ``memory`` (kept in the process, for tests).
"""

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import router, transaction
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SimpleSpanProcessor, SpanExporter
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.audit.persons import bsns_of_event

EXPORTERS = ("none", "console", "memory")

ACTIVITY = "dpl.core.processing_activity_id"
SUBJECT_ID = "dpl.core.data_subject_id"
SUBJECT_ID_TYPE = "dpl.core.data_subject_id_type"
SUBJECT_ID_TYPE_VALUE = "BSN (HMAC-SHA256)"
MUNICIPALITY = "eropaf.municipality_code"
AUDIT_EVENT = "eropaf.audit_event_id"
SUBJECT_COUNT = "eropaf.data_subject_count"

_DERIVED_KEY_SALT = b"eropaf.audit.processing-log:"

# The activity names are Dutch: they are the entries of the municipality's register of processing
# activities (verwerkingsregister) that the log refers to.
_VERBS = {
    AuditAction.VIEW: "inzien",
    AuditAction.CREATE: "vastleggen",
    AuditAction.UPDATE: "wijzigen",
    AuditAction.DELETE: "verwijderen",
    AuditAction.EXPORT: "exporteren",
    AuditAction.SEARCH: "opzoeken",
}
_NOUNS = {
    "case": "zaak",
    "case_list": "zakenlijst",
    "case_queue": "werkvoorraad",
    "case_assignment": "zaak toewijzing",
    "contact_attempt": "contactpoging",
    "signal": "signaal",
    "letter": "brief",
    "message": "bericht",
    "message_opt_out": "afmelding berichten",
    "delivery": "levering",
    "matching_run": "matching",
    "triage": "triage",
    "brp_review": "BRP-controle",
    "eviction_track": "traject huisuitzetting",
    "court_step": "gerechtelijke stap",
    "moratorium": "moratorium",
    "ddas_delivery": "DDAS-levering",
    "ddas_client": "DDAS-gegevens",
    "audit_trail": "audittrail",
}
_PURPOSES = (
    ("eviction_", "huisuitzettingspreventie"),
    ("court_", "huisuitzettingspreventie"),
    ("moratorium", "huisuitzettingspreventie"),
    ("signalering_", "huisuitzettingspreventie"),
    ("care_desk_", "huisuitzettingspreventie"),
    ("coordination_", "huisuitzettingspreventie"),
    ("ddas_", "statistiek schuldhulpverlening (DDAS)"),
    ("audit_", "verantwoording"),
)
PROCESSING_ACTIONS = frozenset(_VERBS)


def processing_activity(*, action: str, subject_type: str) -> str:
    """E.g. "vroegsignalering: zaak inzien"."""
    purpose = next(
        (name for prefix, name in _PURPOSES if subject_type.startswith(prefix)), "vroegsignalering"
    )
    noun = _NOUNS.get(subject_type, "gegevens")
    return f"{purpose}: {noun} {_VERBS[AuditAction(action)]}"


def hash_key() -> bytes:
    """PROCESSING_LOG_HASH_KEY, or a key derived from SECRET_KEY when that is not set. A dedicated
    key keeps the hashes comparable over time when SECRET_KEY is rotated."""
    configured = settings.PROCESSING_LOG_HASH_KEY
    if configured:
        return str(configured).encode()
    return _DERIVED_KEY_SALT + str(settings.SECRET_KEY).encode()


def bsn_hash(bsn: str, *, key: bytes) -> str:
    return hmac.new(key, bsn.encode(), hashlib.sha256).hexdigest()


_providers: dict[str, tuple[TracerProvider, SpanExporter]] = {}


def _make_exporter(name: str) -> SpanExporter:
    if name == "console":
        return ConsoleSpanExporter(service_name="eropaf")
    if name == "memory":
        return InMemorySpanExporter()
    raise ImproperlyConfigured(
        f"PROCESSING_LOG_EXPORTER must be one of {', '.join(EXPORTERS)}, not {name!r}."
    )


def _provider_for(name: str) -> tuple[TracerProvider, SpanExporter]:
    if name not in _providers:
        exporter = _make_exporter(name)
        # Not the global provider: the processing log stays apart from any technical tracing.
        provider = TracerProvider(resource=Resource.create({"service.name": "eropaf"}))
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        _providers[name] = (provider, exporter)
    return _providers[name]


def _provider() -> TracerProvider | None:
    name = str(settings.PROCESSING_LOG_EXPORTER)
    return None if name == "none" else _provider_for(name)[0]


def is_enabled() -> bool:
    return str(settings.PROCESSING_LOG_EXPORTER) != "none"


def memory_exporter() -> InMemorySpanExporter:
    """The exporter behind ``PROCESSING_LOG_EXPORTER=memory``: what tests read the spans from."""
    return cast("InMemorySpanExporter", _provider_for("memory")[1])


def request_trace_context(headers: Mapping[str, str]) -> otel_context.Context:
    """The caller's trace when the request carries a valid ``traceparent``, else a new trace."""
    extracted = TraceContextTextMapPropagator().extract(headers)
    if trace.get_current_span(extracted).get_span_context().is_valid:
        return extracted
    ids = RandomIdGenerator()
    span_context = SpanContext(
        trace_id=ids.generate_trace_id(),
        span_id=ids.generate_span_id(),
        is_remote=False,
        trace_flags=TraceFlags(TraceFlags.SAMPLED),
    )
    return trace.set_span_in_context(NonRecordingSpan(span_context))


@dataclass(frozen=True)
class Processing:
    event_id: int
    activity: str
    municipality_code: str
    subject_hashes: tuple[str, ...]


def record_processing(event: AuditEvent) -> None:
    """Log the processing an audit event describes, when the log is on and the event names cases or
    signals. Call inside the event's transaction."""
    provider = _provider()
    if provider is None or event.action not in PROCESSING_ACTIONS:
        return
    if not event.case_ids and not event.signal_ids:
        return
    key = hash_key()
    processing = Processing(
        event_id=event.pk,
        activity=processing_activity(action=event.action, subject_type=event.subject_type),
        municipality_code=event.municipality_code,
        subject_hashes=tuple(sorted({bsn_hash(bsn, key=key) for bsn in bsns_of_event(event_id=event.pk)})),
    )
    transaction.on_commit(
        partial(_emit, provider, processing, otel_context.get_current()),
        using=router.db_for_write(AuditEvent),
        robust=True,
    )


def _emit(provider: TracerProvider, processing: Processing, parent: otel_context.Context) -> None:
    tracer = provider.get_tracer("eropaf.audit")
    common: dict[str, str | int] = {
        ACTIVITY: processing.activity,
        MUNICIPALITY: processing.municipality_code,
        AUDIT_EVENT: processing.event_id,
    }
    with tracer.start_as_current_span(
        "verwerking",
        context=parent,
        attributes={**common, SUBJECT_COUNT: len(processing.subject_hashes)},
    ):
        for subject_hash in processing.subject_hashes:
            tracer.start_span(
                "betrokkene",
                attributes={**common, SUBJECT_ID: subject_hash, SUBJECT_ID_TYPE: SUBJECT_ID_TYPE_VALUE},
            ).end()
