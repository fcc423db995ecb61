"""The policy officer's afwegingskader: versions, drafts from a preset, a copy or a file, editing a
draft as YAML, exporting, activating, and trying a policy on the facts of a case typed by hand.

The messages of the triage core (mistakes in a policy or in the facts, the explanation of a decision)
are Dutch already and are shown as they are.
"""

from dataclasses import dataclass

import yaml
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from eropaf.accounts.selectors import require_role
from eropaf.core.errors import ApplicationError, NotPermitted
from eropaf.core.vocabularies import ContactKind, Outcome
from eropaf.triage import selectors, services
from eropaf.triage.definitions import Action, Condition, Priority
from eropaf.triage.forms import FROM_COPY, FROM_FILE, FROM_PRESET, EditDraftForm, NewDraftForm, TryPolicyForm
from eropaf.triage.models import PolicyStatus, PolicyVersion
from eropaf.triage.policy import Policy, PolicyInvalid, dump_policy_yaml, parse_policy
from eropaf.triage.presets import NATIONAL_DEFAULT, PRESETS, preset, preset_names
from eropaf.triage.rules import evaluate, headline
from eropaf.triage.writing import conditions_as_data

POLICY_ROLES = selectors.POLICY_ROLES
YAML_CONTENT_TYPE = "application/yaml; charset=utf-8"


@dataclass(frozen=True)
class ActionRow:
    """An action for people: what happens, with which priority and within how many days."""

    headline: str
    queue: str
    priority: str | Promise
    due_days: int | None
    letter_template: str
    not_picked_up: str | Promise

    @classmethod
    def of(cls, action: Action) -> "ActionRow":
        picked_up = action.is_picked_up
        return cls(
            headline=headline(action),
            queue=action.queue,
            priority=Priority(action.priority).label if picked_up else "",
            due_days=action.due_days if picked_up else None,
            letter_template=action.letter_template,
            not_picked_up="" if picked_up else Outcome(action.not_picked_up).label,
        )


@dataclass(frozen=True)
class RuleRow:
    key: str
    label: str
    conditions: str
    action: ActionRow


def conditions_text(conditions: tuple[Condition, ...]) -> str:
    """The conditions in the words of the policy file, on one line: ``totaalbedrag_onder: 50, …``."""
    text = yaml.safe_dump(
        conditions_as_data(conditions),
        default_flow_style=True,
        allow_unicode=True,
        sort_keys=False,
        width=10_000,
    ).strip()
    return text[1:-1] if text.startswith("{") and text.endswith("}") else text


def rule_rows(policy: Policy) -> list[RuleRow]:
    return [
        RuleRow(rule.key, rule.label, conditions_text(rule.conditions), ActionRow.of(rule.action))
        for rule in policy.rules
    ]


def _version_for(request: HttpRequest, version_id: int) -> PolicyVersion:
    try:
        return selectors.get_version_for_user(user=request.user, version_id=version_id)
    except NotPermitted as error:
        raise Http404(error.message) from error


def _policy_or_errors(version: PolicyVersion) -> tuple[Policy | None, list[str]]:
    try:
        return parse_policy(version.document), []
    except PolicyInvalid as invalid:
        return None, invalid.errors


@never_cache
@require_GET
@require_role(POLICY_ROLES)
def versions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "triage/versions.html",
        {
            "overview": selectors.policies_for_user(user=request.user),
            "national_default": preset(NATIONAL_DEFAULT),
        },
    )


def _new_draft(request: HttpRequest, form: NewDraftForm) -> PolicyVersion:
    """Raises PolicyInvalid when the file or the copied version has mistakes."""
    data = form.cleaned_data
    if data["bron"] == FROM_PRESET:
        return services.draft_from_preset(
            user=request.user, municipality=data["gemeente"], name=data["voorbeeld"]
        )
    if data["bron"] == FROM_COPY:
        return services.copy_version(user=request.user, version=data["versie"])
    file = data["bestand"]
    return services.draft_from_yaml(
        user=request.user, municipality=data["gemeente"], text=file.read(), file_name=file.name or ""
    )


@never_cache
@require_http_methods(["GET", "POST"])
@require_role(POLICY_ROLES)
def new_draft(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = NewDraftForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        municipalities=selectors.policy_municipalities_of(request.user),
        versions=selectors.versions_of_user(request.user),
        initial={"gemeente": request.GET.get("gemeente"), "versie": request.GET.get("versie")},
    )
    if posted and form.is_valid():
        try:
            version = _new_draft(request, form)
        except PolicyInvalid as invalid:
            field = "bestand" if form.cleaned_data["bron"] == FROM_FILE else "versie"
            for error in invalid.errors:
                form.add_error(field, error)
        else:
            messages.success(
                request,
                _("Draft version %(number)s has been made. Check it, try it, then activate it.")
                % {"number": version.number},
            )
            return redirect("triage:version", version_id=version.pk)
    return render(
        request,
        "triage/new.html",
        {"form": form, "presets": [(name, PRESETS[name]) for name in preset_names()]},
        status=400 if form.errors else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
@require_role(POLICY_ROLES)
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_for(request, version_id)
    policy, document_errors = _policy_or_errors(version)
    form = EditDraftForm(
        request.POST if request.method == "POST" else None,
        initial={"beleid": dump_policy_yaml(policy) if policy is not None else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_draft(user=request.user, version=version, text=form.cleaned_data["beleid"])
        except PolicyInvalid as invalid:
            for error in invalid.errors:
                form.add_error("beleid", error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("triage:version", version_id=version.pk)
        else:
            messages.success(request, _("The draft has been saved."))
            return redirect("triage:version", version_id=version.pk)
    context = {
        "version": version,
        "policy": policy,
        "document_errors": document_errors,
        "rules": rule_rows(policy) if policy is not None else [],
        "default": ActionRow.of(policy.default) if policy is not None else None,
        "is_draft": version.status == PolicyStatus.DRAFT,
        "may_activate": version.status != PolicyStatus.ACTIVE,
        "form": form,
    }
    return render(request, "triage/version.html", context, status=400 if form.errors else 200)


@never_cache
@require_GET
@require_role(POLICY_ROLES)
def export(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_for(request, version_id)
    policy, errors = _policy_or_errors(version)
    if policy is None:
        for error in errors:
            messages.error(request, error)
        return redirect("triage:version", version_id=version.pk)
    response = HttpResponse(dump_policy_yaml(policy), content_type=YAML_CONTENT_TYPE)
    file_name = f"afwegingskader-{version.municipality.code}-v{version.number}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@require_role(POLICY_ROLES)
def activate(request: HttpRequest, version_id: int) -> HttpResponse:
    version = _version_for(request, version_id)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.activate(user=request.user, version=version)
        except PolicyInvalid as invalid:
            errors = invalid.errors
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("triage:version", version_id=version.pk)
        else:
            messages.success(
                request,
                _("Version %(number)s is now the active policy of %(municipality)s.")
                % {"number": version.number, "municipality": version.municipality.name},
            )
            return redirect("triage:version", version_id=version.pk)
    context = {
        "version": version,
        "current": selectors.active_version_of(version.municipality),
        "national_default": preset(NATIONAL_DEFAULT),
        "errors": errors,
    }
    return render(request, "triage/activate.html", context, status=400 if errors else 200)


def _tried_policy(form: TryPolicyForm) -> tuple[str, Policy]:
    """The policy chosen in a valid form and its name; raises PolicyInvalid for a broken version."""
    version = form.chosen_version()
    if version is not None:
        return _("%(name)s, version %(number)s") % {
            "name": version.name,
            "number": version.number,
        }, parse_policy(version.document)
    name = form.chosen_preset()
    if name is not None:
        return _("Preset %(name)s") % {"name": preset(name).name}, preset(name)
    active, policy = selectors.active_policy(municipality=form.cleaned_data["gemeente"])
    if active is None:
        return _("%(name)s (national default: there is no active version yet)") % {
            "name": policy.name
        }, policy
    return _("%(name)s, version %(number)s (active)") % {"name": active.name, "number": active.number}, policy


@never_cache
@require_GET
@require_role(POLICY_ROLES)
def try_policy(request: HttpRequest) -> HttpResponse:
    """Changes nothing, so the form is sent with GET and the result can be bookmarked and shared."""
    bound = "proberen" in request.GET
    form = TryPolicyForm(
        request.GET if bound else None,
        municipalities=selectors.policy_municipalities_of(request.user),
        versions=selectors.versions_of_user(request.user),
        initial={
            "gemeente": request.GET.get("gemeente"),
            "afwegingskader": request.GET.get("afwegingskader", "actief"),
        },
    )
    context: dict[str, object] = {"form": form}
    if bound and form.is_valid() and form.case_facts is not None:
        try:
            label, policy = _tried_policy(form)
        except PolicyInvalid as invalid:
            for error in invalid.errors:
                form.add_error("afwegingskader", error)
        else:
            decision = evaluate(policy, form.case_facts)
            today = timezone.localdate()
            context |= {
                "decision": decision,
                "policy_label": label,
                "action": ActionRow.of(decision.action),
                "steps": [(ContactKind(step.kind).label, step.letter_kind) for step in decision.action.steps],
                "due_date": decision.due_date(today),
            }
    return render(request, "triage/try.html", context, status=400 if form.errors else 200)
