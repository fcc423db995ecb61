"""``eropaf try_policy``: which rule of a triage policy fires for hand-written case facts, and why."""

import datetime as dt
import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.core.commands import EXIT_REFUSED, read_input_file
from eropaf.organisations.models import Municipality
from eropaf.triage import format as vocabulary
from eropaf.triage.facts import CaseFacts, FactsInvalid, load_facts_json
from eropaf.triage.policy import Policy, PolicyInvalid, load_policy_yaml
from eropaf.triage.presets import NATIONAL_DEFAULT, PRESETS, preset, preset_names
from eropaf.triage.rules import Decision, evaluate
from eropaf.triage.selectors import active_policy
from eropaf.triage.writing import step_as_word


def decision_as_json(decision: Decision, *, policy: Policy, today: dt.date) -> dict[str, Any]:
    action = decision.action
    due_date = decision.due_date(today)
    return {
        "policy": policy.name,
        "rule": decision.rule_key,
        "rule_label": decision.rule_label,
        "queue": action.queue or None,
        "steps": [{"kind": step.kind, "letter_kind": step.letter_kind} for step in action.steps],
        "priority": str(action.priority) if action.is_picked_up else None,
        "due_days": action.due_days if action.is_picked_up else None,
        "due_date": due_date.isoformat() if due_date else None,
        "letter_template": action.letter_template,
        "not_picked_up": action.not_picked_up or None,
        "reasons": list(decision.reasons),
        "summary": decision.summary,
    }


class Command(BaseCommand):
    help = (
        "Show which rule of a triage policy fires for the case facts in a JSON facts file, and what "
        "happens: the work queue, the contact steps, the priority and the due date (counted from "
        "today), or the reason the case is not picked up, with the facts that made the rule fire. The "
        "policy is a preset (" + ", ".join(preset_names()) + ") or a YAML policy file; without --policy "
        "the national default is used. The formats are in docs/triage/beleidsformaat.md. Exit code 0 "
        "when a decision was printed; 2 when the municipality does not exist or the policy or the facts "
        "file has mistakes (all of them go to stderr)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--municipality", required=True, help="the municipality's CBS code, e.g. 0505")
        parser.add_argument(
            "--policy",
            help="a preset name (" + ", ".join(preset_names()) + ") or the path of a YAML policy file",
        )
        parser.add_argument("--facts", required=True, type=Path, help="the JSON facts file of one case")
        parser.add_argument("--json", action="store_true", help="print one JSON object with the decision")

    def handle(self, *_args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                _("There is no municipality with code %(code)s.") % {"code": options["municipality"]},
                returncode=EXIT_REFUSED,
            )
        errors: list[str] = []
        policy = self._policy(options["policy"], errors, municipality=municipality)
        facts = self._facts(options["facts"], errors)
        if errors or policy is None or facts is None:
            raise CommandError("\n".join(errors), returncode=EXIT_REFUSED)
        decision = evaluate(policy, facts)
        today = timezone.localdate()
        if options["json"]:
            self.stdout.write(
                json.dumps(decision_as_json(decision, policy=policy, today=today), ensure_ascii=False)
            )
        else:
            self._print(decision, policy=policy, today=today)

    def _policy(self, given: str | None, errors: list[str], *, municipality: Municipality) -> Policy | None:
        if given is None:
            version, active = active_policy(municipality=municipality)
            if version is None:
                self.stderr.write(
                    _("%(name)s has no active policy yet: the national default policy (%(preset)s) is used.")
                    % {"name": municipality.name, "preset": NATIONAL_DEFAULT}
                )
            else:
                self.stderr.write(
                    _("The active policy of %(name)s: %(policy)s, version %(number)s.")
                    % {"name": municipality.name, "policy": version.name, "number": version.number}
                )
            return active
        if given in PRESETS:
            return preset(given)
        path = Path(given)
        if not path.is_file():
            errors.append(
                _("%(policy)s is neither a preset (%(presets)s) nor a policy file.")
                % {"policy": given, "presets": ", ".join(preset_names())}
            )
            return None
        try:
            return load_policy_yaml(read_input_file(path))
        except PolicyInvalid as invalid:
            errors.append(_("The policy %(path)s has mistakes:") % {"path": path})
            errors.extend(f"  {error}" for error in invalid.errors)
        return None

    def _facts(self, path: Path, errors: list[str]) -> CaseFacts | None:
        try:
            return load_facts_json(read_input_file(path))
        except FactsInvalid as invalid:
            errors.append(_("The facts file %(path)s has mistakes:") % {"path": path})
            errors.extend(f"  {error}" for error in invalid.errors)
        return None

    def _print(self, decision: Decision, *, policy: Policy, today: dt.date) -> None:
        action = decision.action
        lines = [
            (_("Policy"), policy.name),
            (_("Rule"), f"{decision.rule_key} ({decision.rule_label})"),
        ]
        if action.is_picked_up:
            due_date = decision.due_date(today)
            lines += [
                (_("Work queue"), action.queue),
                (_("Contact steps"), ", ".join(step_as_word(step) for step in action.steps)),
                (_("Priority"), vocabulary.PRIORITY_WORDS[action.priority]),
                (
                    _("Due date"),
                    _("%(date)s (in %(days)s days)")
                    % {"date": due_date.isoformat() if due_date else "", "days": action.due_days},
                ),
            ]
            if action.letter_template:
                lines.append((_("Letter template"), action.letter_template))
        else:
            lines.append((_("Not picked up"), vocabulary.NOT_PICKED_UP_WORDS[action.not_picked_up]))
        width = max(len(label) for label, _value in lines)
        for label, value in lines:
            self.stdout.write(f"{label + ':':<{width + 1}} {value}")
        self.stdout.write(_("Reasons:") if decision.reasons else _("Reasons: no rule applies"))
        for reason in decision.reasons:
            self.stdout.write(f"  - {reason}")
        self.stdout.write(decision.summary)
