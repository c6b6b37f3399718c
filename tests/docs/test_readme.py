"""The README documents every configuration key and every command (a missing one fails)."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import click
import pytest
from pydantic import BaseModel

from tallywatch.cli.main import _register, cli
from tallywatch.config import Settings

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _model_of(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        model = _model_of(arg)
        if model is not None:
            return model
    return None


def config_keys() -> list[str]:
    keys = []
    for section, field in Settings.model_fields.items():
        if field.exclude:
            continue
        model = _model_of(field.annotation)
        assert model is not None, section
        for key in model.model_fields:
            keys.append(f"{section}.{key}")
    return keys


def command_paths() -> list[str]:
    _register()
    paths = []

    def walk(group: click.Group, prefix: str) -> None:
        for name, command in group.commands.items():
            paths.append(f"{prefix} {name}")
            if isinstance(command, click.Group):
                walk(command, f"{prefix} {name}")

    walk(cli, "tallywatch")
    return paths


@pytest.mark.parametrize("key", config_keys())
def test_config_key_documented(key: str) -> None:
    assert f"`{key}`" in README, f"README's configuration reference lacks `{key}`"


@pytest.mark.parametrize("command", command_paths())
def test_command_documented(command: str) -> None:
    assert re.search(rf"`{re.escape(command)}(`| )", README), f"README lacks `{command}`"


def test_quickstart_is_two_commands() -> None:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    commands = [line for block in blocks for line in block.splitlines() if line.strip()]
    assert commands == ["pip install . && tallywatch demo", "pip install '.[test]' && pytest"]
