"""Paths in the configuration resolve against the config file's folder, and the files they
name (rules, templates, an apprise config) are checked when the file is read: a bad one is
exit 2 with one line naming the key, before any command starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tallywatch.config import ConfigError, load_settings

BROKEN_REGEX = "[metrics.killed]\nheads = ['(unclosed']\n"


def config_in(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tallywatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_relative_paths_resolve_against_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "etc"
    (folder / "messages").mkdir(parents=True)
    (folder / "messages" / "title.txt.j2").write_text("{{ alert.topic }}", encoding="utf-8")
    (folder / "rules.toml").write_text('[metrics.killed]\npredicates = ["slain"]\n', "utf-8")
    (folder / "apprise.yml").write_text("urls:\n  - json://127.0.0.1:9/hook\n", "utf-8")
    path = config_in(
        folder,
        '[database]\nurl = "sqlite:///data/tw.db"\n'
        '[alerts]\ntemplates = "messages"\napprise_config = "apprise.yml"\n'
        '[extract]\nrules = ["rules.toml"]\n'
        '[logging]\nfile = "logs/tw.log"\n',
    )
    monkeypatch.chdir(tmp_path)  # neither the working directory nor relative to it
    settings = load_settings(Path("etc/tallywatch.toml"))
    assert settings.database.url == f"sqlite:///{folder}/data/tw.db"
    assert settings.alerts.templates == folder / "messages"
    assert settings.alerts.apprise_config == folder / "apprise.yml"
    assert settings.extract.rules == [folder / "rules.toml"]
    assert settings.logging.file == folder / "logs" / "tw.log"
    assert load_settings(path).model_dump() == settings.model_dump()


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("sqlite:////var/lib/tallywatch/tw.db", True),
        ("sqlite:///:memory:", True),
        ("sqlite://", True),
        ("postgresql://tallywatch@db.example/tallywatch", True),
        ("sqlite:///tw.db?timeout=5", False),
    ],
)
def test_only_relative_sqlite_files_move(tmp_path: Path, url: str, kept: bool) -> None:
    settings = load_settings(config_in(tmp_path, f'[database]\nurl = "{url}"\n'))
    if kept:
        assert settings.database.url == url
    else:
        assert settings.database.url == f"sqlite:///{tmp_path}/tw.db?timeout=5"


CASES: list[tuple[str, dict[str, str], str, str, str]] = [
    # what, files in the config folder, config text, the key named, the problem
    (
        "a rules file that is not there",
        {},
        '[extract]\nrules = ["missing.toml"]\n',
        "extract.rules[0]",
        "no such file",
    ),
    (
        "a rules file that is not TOML",
        {"r.toml": "[metrics\n"},
        '[extract]\nrules = ["r.toml"]\n',
        "extract.rules[0]",
        "not valid TOML",
    ),
    (
        "a rules file whose pattern does not compile (the second of two)",
        {"ok.toml": "", "bad.toml": BROKEN_REGEX},
        '[extract]\nrules = ["ok.toml", "bad.toml"]\n',
        "extract.rules[1]",
        "bad regular expression",
    ),
    (
        "terms that do not compile",
        {},
        '[extract.terms]\nkilled = ["(unclosed"]\n',
        "extract.terms",
        "bad regular expression",
    ),
    (
        "a templates folder that is not there",
        {},
        '[alerts]\ntemplates = "nowhere"\n',
        "alerts.templates",
        "no such folder",
    ),
    (
        "a template that does not parse",
        {"t/alert.txt.j2": "{% if alert.value %}unclosed"},
        '[alerts]\ntemplates = "t"\n',
        "alerts.templates",
        "alert.txt.j2:1:",
    ),
    (
        "an apprise config file that is not there",
        {},
        '[alerts]\napprise_config = "apprise.yml"\n',
        "alerts.apprise_config",
        "no such file",
    ),
    (
        "an apprise config file with no URL apprise can use",
        {"apprise.yml": "urls:\n  - nothing://at-all\n"},
        '[alerts]\napprise_config = "apprise.yml"\n',
        "alerts.apprise_config",
        "apprise finds no URL it can use",
    ),
]


@pytest.mark.parametrize(
    ("case", "files", "text", "key", "problem"), CASES, ids=[c[0] for c in CASES]
)
def test_a_bad_file_is_a_config_error_naming_the_key(
    tmp_path: Path, case: str, files: dict[str, str], text: str, key: str, problem: str
) -> None:
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    path = config_in(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert caught.value.key == key, case
    assert problem in caught.value.problem, caught.value.problem
    assert "\n" not in str(caught.value)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd)}
    return subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_a_bad_rules_file_stops_a_run_at_load_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "rules.toml").write_text(BROKEN_REGEX, encoding="utf-8")
    path = config_in(
        tmp_path,
        '[database]\nurl = "sqlite:///tw.db"\n[extract]\nrules = ["rules.toml"]\n'
        '[[sources]]\nname = "wire"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed.xml"\n',
    )
    done = run_cli("--config", str(path), "run", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"tallywatch: config error: {path}: extract.rules[0]: ")
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "tw.db").exists()  # nothing started


def test_a_reading_command_elsewhere_finds_the_config_folders_database(tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "watch", tmp_path / "elsewhere"
    elsewhere.mkdir()
    config_in(folder, '[database]\nurl = "sqlite:///tallywatch.db"\n')
    missing = run_cli("--config", "../watch/tallywatch.toml", "figures", cwd=elsewhere)
    assert missing.returncode == 1
    assert "no tallywatch database here yet" in missing.stderr
    assert "tallywatch run" in missing.stderr
    assert not (folder / "tallywatch.db").exists() and not list(elsewhere.iterdir())
    created = run_cli("--config", "../watch/tallywatch.toml", "db", "upgrade", cwd=elsewhere)
    assert created.returncode == 0, created.stderr
    assert (folder / "tallywatch.db").is_file() and not list(elsewhere.iterdir())
    found = run_cli("--config", "../watch/tallywatch.toml", "figures", cwd=elsewhere)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "no figures"
