"""The triage policy: its data model, and reading and writing it as the Dutch YAML policy file.

Import from here: ``Policy`` and its parts, ``parse_policy`` (data → policy), ``policy_as_data``
(policy → data, e.g. for a JSON field), ``load_policy_yaml`` and ``dump_policy_yaml`` (the file), and
``PolicyInvalid`` (every mistake, with its place, in Dutch). The file format is described for policy
officers in ``docs/triage/beleidsformaat.md``.
"""

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node

from eropaf.triage.definitions import (
    DEFAULT_DUE_DAYS,
    DEFAULT_RULE_KEY,
    Action,
    AnyOf,
    Bound,
    Comparison,
    Condition,
    ContactStep,
    DistrictCondition,
    Flag,
    FlagCondition,
    Measure,
    NoneOf,
    NumberCondition,
    PartnerAmountCondition,
    PartnerTypeCondition,
    Policy,
    Priority,
    Rule,
)
from eropaf.triage.format import PARTNER_AMOUNT, PolicyInvalid
from eropaf.triage.reading import parse_policy
from eropaf.triage.writing import policy_as_data

__all__ = [
    "DEFAULT_DUE_DAYS",
    "DEFAULT_RULE_KEY",
    "Action",
    "AnyOf",
    "Bound",
    "Comparison",
    "Condition",
    "ContactStep",
    "DistrictCondition",
    "Flag",
    "FlagCondition",
    "Measure",
    "NoneOf",
    "NumberCondition",
    "PartnerAmountCondition",
    "PartnerTypeCondition",
    "Policy",
    "PolicyInvalid",
    "Priority",
    "Rule",
    "dump_policy_yaml",
    "load_policy_yaml",
    "parse_policy",
    "policy_as_data",
]

YAML_HINT = "controleer het inspringen, de dubbele punten, de aanhalingstekens en de haakjes"
FILE_HEADER = "# Afwegingskader voor Eropaf; het formaat staat in docs/triage/beleidsformaat.md\n"


class _Refused(yaml.MarkedYAMLError):
    """A YAML text this reader does not accept; ``problem`` is Dutch."""


class _Loader(yaml.SafeLoader):
    """Safe YAML that keeps numbers as typed, refuses aliases and refuses a key given twice.

    Numbers stay text so the readers can take them the Dutch way (``1.000`` is a thousand euro, not
    one) and YAML 1.1's surprises (``010`` is eight, ``1:30`` is ninety) cannot happen. Aliases could
    blow a small file up into an enormous policy, and a key given twice would silently lose one.
    """

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            alias = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Refused(problem="verwijzingen (*) worden niet ondersteund", problem_mark=alias.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                twice = key in seen
                seen.add(key)
            except TypeError:
                continue  # the constructor itself refuses an unhashable key
            if twice:
                raise _Refused(
                    problem=f"de sleutel {key} staat twee keer in hetzelfde blok",
                    problem_mark=key_node.start_mark,
                )
        return super().construct_mapping(node, deep=deep)


def _as_typed(loader: yaml.SafeLoader, node: Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


for _tag in ("int", "float", "timestamp"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _as_typed)


def _read_yaml(text: str | bytes) -> object:
    """The data in a YAML text; a text that is no YAML raises ``PolicyInvalid`` with a Dutch message."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise PolicyInvalid(["het bestand is geen tekst in UTF-8"]) from None
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 — _Loader is a SafeLoader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" (regel {mark.line + 1}, kolom {mark.column + 1})" if mark else ""
        what = error.problem if isinstance(error, _Refused) else YAML_HINT
        raise PolicyInvalid([f"het bestand is geen geldige YAML{where}: {what}"]) from None
    except (yaml.YAMLError, RecursionError):
        raise PolicyInvalid([f"het bestand is geen geldige YAML: {YAML_HINT}"]) from None


def load_policy_yaml(text: str | bytes) -> Policy:
    """The policy in a YAML policy file; raises ``PolicyInvalid`` with every mistake."""
    return parse_policy(_read_yaml(text))


class _Flow(list[Any]):
    """A list written on one line: ``[brief, telefoon]``."""


class _FlowMapping(dict[str, Any]):
    """A mapping written on one line: ``{huur: 500}``."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:  # noqa: ARG002
        """Indent list items under their key, as people write them (PyYAML puts them flush)."""
        super().increase_indent(flow, False)


_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)
_Dumper.add_representer(
    _FlowMapping,
    lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True),
)


def _for_dumping(data: Any, key: str = "") -> Any:
    """Lists of words and the amounts per partner type on one line; the rest as blocks."""
    if isinstance(data, dict):
        shaped = {name: _for_dumping(value, name) for name, value in data.items()}
        return _FlowMapping(shaped) if key.startswith(f"{PARTNER_AMOUNT}_") else shaped
    if isinstance(data, list):
        items = [_for_dumping(value) for value in data]
        return _Flow(items) if all(isinstance(value, str | int | _Flow) for value in items) else items
    return data


def dump_policy_yaml(policy: Policy) -> str:
    """The policy as a YAML policy file that ``load_policy_yaml`` reads back to the same policy."""
    body = yaml.dump(
        _for_dumping(policy_as_data(policy)),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )
    return FILE_HEADER + body
