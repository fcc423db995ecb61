import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from eropaf.config.settings.env import env_bool, env_int, env_list, env_str


def test_env_bool_reads_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    for raw, expected in [("1", True), ("TRUE", True), ("yes", True), ("0", False), ("off", False)]:
        monkeypatch.setenv("EROPAF_FLAG", raw)
        assert env_bool("EROPAF_FLAG", default=not expected) is expected


def test_env_bool_refuses_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EROPAF_FLAG", "misschien")
    with pytest.raises(ImproperlyConfigured, match="EROPAF_FLAG"):
        env_bool("EROPAF_FLAG", default=False)


def test_env_int_and_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EROPAF_NUMBER", "42")
    monkeypatch.setenv("EROPAF_HOSTS", " a.nl, b.nl ,,")
    assert env_int("EROPAF_NUMBER", default=1) == 42
    assert env_int("EROPAF_MISSING", default=7) == 7
    assert env_list("EROPAF_HOSTS", default=[]) == ["a.nl", "b.nl"]
    monkeypatch.setenv("EROPAF_NUMBER", "veel")
    with pytest.raises(ImproperlyConfigured):
        env_int("EROPAF_NUMBER", default=1)


def test_required_variable_missing_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EROPAF_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="EROPAF_REQUIRED is required"):
        env_str("EROPAF_REQUIRED")


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {key: value for key, value in os.environ.items() if key not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "eropaf.manage", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_check_deploy() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        EROPAF_ENVIRONMENT="production",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-key-0123456789",
        ALLOWED_HOSTS="eropaf.gemeente.nl",
    )
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_secret_key() -> None:
    result = _manage("check", EROPAF_ENVIRONMENT="production", ALLOWED_HOSTS="eropaf.gemeente.nl")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_refuses_debug() -> None:
    result = _manage(
        "check",
        EROPAF_ENVIRONMENT="production",
        SECRET_KEY="y" * 60,
        DEBUG="true",
    )
    assert result.returncode != 0
    assert "DEBUG may not be on in production" in result.stderr
