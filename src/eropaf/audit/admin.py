"""The audit trail in Django's admin: read-only, for superusers and functional administrators.

Two questions have a filter of their own: "who processed person X" (a person search by BSN, sent by
POST and itself recorded, then ``?person=<search event>``) and "what did user Y do" (``?actor=``, with
the action filter set to export for "what did user Y export")."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eropaf.audit.forms import PersonSearchForm
from eropaf.audit.models import AuditEvent
from eropaf.audit.selectors import (
    audit_events_for_user,
    events_naming_subjects_of,
    get_person_search_for_user,
    may_read_audit_trail,
)
from eropaf.audit.services import search_person_in_audit
from eropaf.core.errors import ApplicationError


class PersonFilter(admin.SimpleListFilter):
    """The events that name any case or signal a person search found (not the search itself)."""

    title = gettext_lazy("person searched for")
    parameter_name = "person"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        value = self.value()
        return [(value, _("Search #%(id)s") % {"id": value})] if value else []

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        value = self.value()
        if not value:
            return queryset
        search = (
            get_person_search_for_user(user=request.user, search_id=int(value)) if value.isdigit() else None
        )
        if search is None:
            return queryset.none()
        return queryset.filter(pk__in=events_naming_subjects_of(search=search)).exclude(pk=search.pk)


class ActorFilter(admin.SimpleListFilter):
    """Exactly one username, typed in."""

    title = gettext_lazy("user")
    parameter_name = "actor"
    template = "admin/audit/auditevent/actor_filter.html"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return []

    def has_output(self) -> bool:
        return True

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        value = (self.value() or "").strip()
        return queryset.filter(actor_username=value) if value else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the trail is only ever added to."""

    list_display = ["at", "actor_username", "action", "subject_type", "subject_id", "municipality_code"]
    list_filter = [PersonFilter, ActorFilter, "action", "subject_type", "municipality_code"]
    search_fields = ["actor_username", "subject_id"]
    date_hierarchy = "at"
    change_list_template = "admin/audit/auditevent/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        return audit_events_for_user(user=request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_read_audit_trail(user=request.user)

    def has_view_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return may_read_audit_trail(user=request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        search = path(
            "person/",
            self.admin_site.admin_view(self.person_search_view),
            name="audit_auditevent_person_search",
        )
        return [search, *super().get_urls()]

    def person_search_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PersonSearchForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                search = search_person_in_audit(user=request.user, bsn=form.cleaned_data["bsn"])  # type: ignore[arg-type]
            except ApplicationError as error:
                form.add_error("bsn", error.message)
            else:
                if not search.case_ids and not search.signal_ids:
                    messages.warning(request, _("No signal or case carries this BSN."))
                changelist = reverse("admin:audit_auditevent_changelist")
                return redirect(f"{changelist}?{PersonFilter.parameter_name}={search.pk}")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Who processed a person's data"),
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/audit/auditevent/person_search.html", context)
