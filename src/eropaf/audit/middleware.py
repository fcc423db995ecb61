from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from opentelemetry import context as otel_context

from eropaf.audit import processing_log


class ProcessingTraceMiddleware:
    """Every request gets one trace for the processing log: the caller's (a W3C ``traceparent``
    header) or a new one, so all processing of one request shares a trace id. Does nothing while
    ``PROCESSING_LOG_EXPORTER`` is ``none``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not processing_log.is_enabled():
            return self.get_response(request)
        token = otel_context.attach(processing_log.request_trace_context(request.headers))
        try:
            return self.get_response(request)
        finally:
            otel_context.detach(token)
