"""The README documents every configuration key, every command, and the keys of every
output (its tables list exactly the keys the commands print: a missing or extra one fails)."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import click
import pytest
from pydantic import BaseModel

from tallywatch.cli.figures import EXTRACT_KEYS
from tallywatch.cli.main import _register, cli
from tallywatch.config import Settings
from tallywatch.constants import ExitCode
from tallywatch.review.alerts import ALERT_KEYS
from tallywatch.review.articles import ARTICLE_KEYS
from tallywatch.review.cited import BY_SOURCE_KEYS
from tallywatch.review.export import FIELDS
from tallywatch.review.figures import FIGURE_KEYS
from tallywatch.review.runs import RUN_KEYS
from tallywatch.review.series import POINT_KEYS
from tallywatch.review.sources import SOURCE_KEYS

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


OUTPUT_KEYS: dict[str, tuple[str, ...]] = {
    "figures": FIGURE_KEYS,
    "by-source": tuple(k for k in BY_SOURCE_KEYS if k not in FIGURE_KEYS),
    "articles": ARTICLE_KEYS,
    "alerts": ALERT_KEYS,
    "sources": SOURCE_KEYS,
    "runs": RUN_KEYS,
    "timeline": POINT_KEYS,
    "extract": EXTRACT_KEYS,
}
"""Each subsection of the README's "Output keys", and the keys the code prints there."""


def documented_keys(name: str) -> list[str]:
    section = README.split("### Output keys", 1)[1].split("\n### ", 1)[0]
    part = section.split(f"\n#### {name}\n", 1)[1].split("\n#### ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", part, re.M)


@pytest.mark.parametrize("name", list(OUTPUT_KEYS))
def test_output_keys_documented(name: str) -> None:
    """The table lists the keys in the order they are printed, and no other."""
    assert documented_keys(name) == list(OUTPUT_KEYS[name])


def test_every_output_has_its_table() -> None:
    section = README.split("### Output keys", 1)[1].split("\n### ", 1)[0]
    assert re.findall(r"^#### (\S+)$", section, re.M) == list(OUTPUT_KEYS)


def test_exports_have_the_keys_of_their_listings() -> None:
    assert {
        "articles": ARTICLE_KEYS,
        "figures": FIGURE_KEYS,
        "alerts": ALERT_KEYS,
        "by-source": ("voice", *FIGURE_KEYS),
    } == FIELDS


def command_options() -> list[tuple[str, str]]:
    """(command path, --option) for every option a command takes, but the common ones."""
    _register()
    common = {"--config", "--help"}
    found = []

    def walk(group: click.Group, prefix: str) -> None:
        for name, command in group.commands.items():
            path = f"{prefix} {name}"
            for param in command.params:
                for option in getattr(param, "opts", ()):
                    if option.startswith("--") and option not in common:
                        found.append((path, option))
            if isinstance(command, click.Group):
                walk(command, path)

    walk(cli, "tallywatch")
    return found


@pytest.mark.parametrize(("command", "option"), command_options())
def test_command_option_documented(command: str, option: str) -> None:
    rows = [
        row
        for row, first in re.findall(r"^(\| (.*?) \| .*)$", README, re.M)
        if re.search(rf"`{re.escape(command)}(`| )", first)
    ]
    assert any(re.search(rf"{re.escape(option)}\b", row) for row in rows), (
        f"README's row of `{command}` in the command table lacks {option}"
    )


def test_every_exit_code_documented() -> None:
    paragraph = README.split("The exit codes are the same for\nevery command", 1)[1]
    paragraph = paragraph.split("\n\n", 1)[0]
    for code in ExitCode:
        assert re.search(rf"\b{code.value}\s[a-z]", paragraph), f"README lacks exit code {code}"


def test_every_page_of_the_review_page_documented(tmp_path: Path) -> None:
    from tallywatch.config import parse_settings
    from tallywatch.review.app import create_app
    from tallywatch.store import Database

    url = f"sqlite:///{tmp_path / 'pages.db'}"
    app = create_app(parse_settings({"database": {"url": url}}), Database(url))
    pages = sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ()) and not rule.arguments and rule.rule != "/static"
    )
    section = README.split("### The review page", 1)[1].split("\n## ", 1)[0]
    named = {"/": "Dashboard"}
    for page in pages:
        title = named.get(page, page.strip("/").capitalize())
        assert f"**{title}**" in section, f"README's review page section lacks {page}"
