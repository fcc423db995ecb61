"""The policies shipped with Eropaf, as policy files next to this module.

Each file says in its comments which reading it chose where its source is ambiguous; the readings
are explained for policy officers in ``docs/triage/beleidsformaat.md``. A preset that does not read is
a bug, so loading this module fails loudly rather than offering half a list.
"""

from importlib import resources

from eropaf.triage.policy import Policy, load_policy_yaml

NATIONAL_DEFAULT = "landelijk"
_NAMES = (NATIONAL_DEFAULT, "leiden", "oost-gelre", "signalering-plus")


class UnknownPreset(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f'Er is geen voorinstelling "{name}"; kies uit: {", ".join(_NAMES)}.')
        self.name = name


def preset_text(name: str) -> str:
    """The policy file of a preset, comments included."""
    if name not in _NAMES:
        raise UnknownPreset(name)
    return resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")


PRESETS: dict[str, Policy] = {name: load_policy_yaml(preset_text(name)) for name in _NAMES}


def preset(name: str) -> Policy:
    try:
        return PRESETS[name]
    except KeyError:
        raise UnknownPreset(name) from None


def preset_names() -> tuple[str, ...]:
    """The national default first, then the municipalities' presets by name."""
    return _NAMES
