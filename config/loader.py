"""Read a TOML file once, expand `${ENV}` references, validate into `Settings`."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from tallywatch.config.schema import KeyedValueError, Settings

ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
CONFIG_ENV = "TALLYWATCH_CONFIG"
INTERNAL_FIELDS = ("path", "secrets")
"""Fields of `Settings` the loader fills in; a file may not set them."""
MIN_SECRET_CHARS = 4
"""Values from `${NAME}` this long or longer are secrets, redacted wherever they show;
a shorter one (a port, a flag) would mask every occurrence of a common string."""


class ConfigError(Exception):
    """A configuration problem, phrased as one line naming the file and the key."""

    def __init__(self, path: Path | str | None, key: str | None, problem: str) -> None:
        self.path = path
        self.key = key
        self.problem = problem
        where = str(path) if path else "<config>"
        super().__init__(f"{where}: {key}: {problem}" if key else f"{where}: {problem}")


def default_config_path(environ: Mapping[str, str] | None = None) -> Path:
    """`$TALLYWATCH_CONFIG`, else `config/tallywatch.toml` in the working directory."""
    env = os.environ if environ is None else environ
    return Path(env.get(CONFIG_ENV) or "config/tallywatch.toml")


def _expand(
    value: Any, key: str, environ: Mapping[str, str], path: Path | None, found: set[str]
) -> Any:
    """`value` with `${NAME}` references replaced; the values put in are added to `found`."""
    if isinstance(value, str):

        def substitute(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in environ:
                raise ConfigError(path, key, f"environment variable {name} is not set")
            found.add(environ[name])
            return environ[name]

        return ENV_REF.sub(substitute, value)
    if isinstance(value, list):
        return [_expand(v, f"{key}[{i}]", environ, path, found) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {
            k: _expand(v, f"{key}.{k}" if key else k, environ, path, found)
            for k, v in value.items()
        }
    return value


def _masked(text: str, secrets: set[str]) -> str:
    for secret in sorted(secrets, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def _key_of(loc: tuple[int | str, ...]) -> str:
    key = ""
    for part in loc:
        if isinstance(part, int):
            key += f"[{part}]"
        else:
            key += f".{part}" if key else part
    return key or "(top level)"


def parse_settings(
    data: Mapping[str, Any], path: Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Validate an already-parsed TOML document (used by the loader and by tests)."""
    for internal in INTERNAL_FIELDS:
        if internal in data:
            raise ConfigError(path, internal, "unknown key")
    env = os.environ if environ is None else environ
    found: set[str] = set()
    expanded = _expand(dict(data), "", env, path, found)
    secrets = {value for value in found if len(value) >= MIN_SECRET_CHARS}
    try:
        base = path.resolve().parent if path is not None else Path.cwd()
        settings = Settings.model_validate(expanded, context={"base": base})
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function")))
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        original = err.get("ctx", {}).get("error")
        key = original.key if isinstance(original, KeyedValueError) else _key_of(loc)
        raise ConfigError(path, key, _masked(msg, secrets)) from None
    return settings.model_copy(update={"path": path, "secrets": frozenset(secrets)})


def load_settings(
    path: Path | str | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Load and validate the configuration file; raise `ConfigError` on any problem."""
    file = Path(path) if path is not None else default_config_path(environ)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise ConfigError(file, None, "file not found") from None
    except OSError as exc:
        raise ConfigError(file, None, f"cannot read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(file, None, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(file, None, f"not valid TOML: {exc}") from None
    return parse_settings(data, file, environ)
