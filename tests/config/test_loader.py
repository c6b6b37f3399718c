"""Configuration: validation errors name the file and key; `${ENV}` references expand."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tallywatch.config import ConfigError, load_settings, parse_settings

GOOD = """
[database]
url = "sqlite:///x.db"

[[sources]]
name = "wire"
kind = "feed"
url = "https://news.example.org/rss.xml"

[[topics]]
name = "nk-troops"
subjects = ["North Korean"]

[alerts]
urls = ["json://127.0.0.1:9/${HOOK_TOKEN}"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tallywatch.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_config_expands_environment(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, GOOD), environ={"HOOK_TOKEN": "s3cret"})
    assert settings.alerts.urls == ["json://127.0.0.1:9/s3cret"]
    assert settings.sources[0].domains == ["news.example.org"]
    assert settings.topics[0].subjects == ["North Korean"]
    assert settings.crawl.watch_days == 3.0


@pytest.mark.parametrize(
    ("edit", "key", "problem"),
    [
        (lambda t: t + "\nbogus = 1\n", "alerts.bogus", "unknown key"),
        (lambda t: "bogus = 1\n" + t, "bogus", "unknown key"),
        (lambda t: t.replace('kind = "feed"', 'kind = "rss"'), "sources[0].kind", "'feed'"),
        (lambda t: t.replace("https://news", "ftp://news"), "sources[0].url", "not an http(s) URL"),
        (
            lambda t: t.replace(
                'url = "https://news.example.org/rss.xml"',
                'url = "https://a.example/"\nfollow = ["(unclosed"]',
            ),
            "sources[0].follow",
            "bad regular expression",
        ),
        (
            lambda t: t.replace('subjects = ["North Korean"]', "subjects = 7"),
            "topics[0].subjects",
            "list",
        ),
        (
            lambda t: t.replace("${HOOK_TOKEN}", "${NOT_SET_ANYWHERE}"),
            "alerts.urls[0]",
            "NOT_SET_ANYWHERE is not set",
        ),
        (
            lambda t: t.replace('subjects = ["North Korean"]', 'about = "quake"'),
            "topics[0].about",
            "list",
        ),
        (lambda t: t + '\n[crawl]\ntimeout = "soon"\n', "crawl.timeout", "number"),
        (lambda t: t + '\n[[topics]]\nname = "nk-troops"\n', "topics[1].name", "duplicate name"),
        (
            lambda t: t + "\n[schedule]\nshared = true\n",
            "schedule.shared",
            "needs a PostgreSQL database.url",
        ),
    ],
)
def test_bad_config_names_key(tmp_path: Path, edit, key: str, problem: str) -> None:
    path = write(tmp_path, edit(GOOD))
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={"HOOK_TOKEN": "x"})
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert problem in message
    assert "\n" not in message


def test_topic_names_are_the_one_asked_for_or_every_configured_one(tmp_path: Path) -> None:
    text = GOOD + '\n[[topics]]\nname = "quake"\nsubjects = ["Nepal"]\n'
    settings = load_settings(write(tmp_path, text), environ={"HOOK_TOKEN": "t"})
    assert settings.topic_names() == ["nk-troops", "quake"]
    assert settings.topic_names("quake") == ["quake"]


def test_not_toml(tmp_path: Path) -> None:
    path = write(tmp_path, "[database\nurl = 1")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path)


def test_cli_exits_2_with_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("https://news", "htp://news"))
    done = subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(path), "db", "upgrade"],
        capture_output=True,
        text=True,
        env={"HOOK_TOKEN": "x", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert lines == [
        f"tallywatch: config error: {path}: sources[0].url: not an http(s) URL: "
        "'htp://news.example.org/rss.xml'"
    ]
    assert "Traceback" not in done.stderr


def test_subcommand_config_overrides_environment(tmp_path: Path) -> None:
    good = write(tmp_path, GOOD.replace("sqlite:///x.db", f"sqlite:///{tmp_path}/x.db"))
    done = subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", "db", "upgrade", "--config", str(good)],
        capture_output=True,
        text=True,
        env={"HOOK_TOKEN": "x", "PATH": "/usr/bin:/bin", "TALLYWATCH_CONFIG": "/nonexistent.toml"},
    )
    assert done.returncode == 0, done.stderr
    assert "-> 0001" in done.stdout


@pytest.mark.parametrize(
    ("extra", "key", "problem"),
    [
        ("[crawl]\ndownload_delay = inf", "crawl.download_delay", "finite number"),
        ("[crawl]\ntimeout = inf", "crawl.timeout", "finite number"),
        ("[crawl]\ntimeout = nan", "crawl.timeout", "finite number"),
        ("[alerts]\ntimeout = inf", "alerts.timeout", "finite number"),
        ("[schedule]\nrun_timeout_minutes = inf", "schedule.run_timeout_minutes", "finite"),
        ("[crawl]\ndownload_delay = 1e300", "crawl.download_delay", "less than or equal"),
        ("[crawl]\nretry_backoff_seconds = 1e9", "crawl.retry_backoff_seconds", "less than"),
        ("[crawl]\nmax_articles_per_source = 1e12", "crawl.max_articles_per_source", "less than"),
        ("[schedule]\ninterval_seconds = 1e300", "schedule.interval_seconds", "less than"),
        ("[crawl]\npage_time_budget_seconds = 0", "crawl.page_time_budget_seconds", "greater"),
    ],
)
def test_non_finite_and_absurd_numbers_are_refused(
    tmp_path: Path, extra: str, key: str, problem: str
) -> None:
    text = GOOD.replace("[alerts]", "[alerts]\n" + extra.split("\n", 1)[1])
    if not extra.startswith("[alerts]"):
        text = GOOD + "\n" + extra + "\n"
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={"HOOK_TOKEN": "x"})
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}: "), message
    assert problem in message


BACKTRACKING = [r"(a+)+$", r"(\w+\s?)*$", r"(.*a){1,40}", r"(.+/)*\d", r"(a|aa)+b", r"((ab)*)+c"]
SAFE = [r"/news/", r"^https?://[^/]+/20\d\d/\d\d/", r"(\w+/)+\d+", r"(?:/\w+)+\.html", r"(a|b)+"]


@pytest.mark.parametrize("pattern", BACKTRACKING)
def test_catastrophically_backtracking_patterns_are_refused(tmp_path: Path, pattern: str) -> None:
    for key in ("follow", "deny"):
        text = GOOD.replace(
            'url = "https://news.example.org/rss.xml"',
            f'url = "https://a.example/"\n{key} = [{_toml_string(pattern)}]',
        )
        with pytest.raises(ConfigError) as caught:
            load_settings(write(tmp_path, text), environ={"HOOK_TOKEN": "x"})
        message = str(caught.value)
        assert f"sources[0].{key}: " in message and "exponential time" in message


@pytest.mark.parametrize("pattern", SAFE)
def test_ordinary_patterns_are_accepted(tmp_path: Path, pattern: str) -> None:
    text = GOOD.replace(
        'url = "https://news.example.org/rss.xml"',
        f'url = "https://a.example/"\nfollow = [{_toml_string(pattern)}]',
    )
    settings = load_settings(write(tmp_path, text), environ={"HOOK_TOKEN": "x"})
    assert settings.sources[0].follow == [pattern]


def _toml_string(value: str) -> str:
    return "'" + value + "'"  # a literal string: backslashes as written


def test_internal_fields_cannot_be_set_from_the_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, 'secrets = ["x"]\n' + GOOD), environ={"HOOK_TOKEN": "x"})
    assert "secrets: unknown key" in str(caught.value)


SECRET = "Pq4SecretInTheUrl"
SLACK_HOOK = f"https://hooks.slack.com/services/T1JJ3T3L2/A1BRTD4JD/{SECRET}"


@pytest.mark.parametrize(
    ("alerts", "topic_urls", "key", "problem"),
    [
        (
            {"urls": ["json://127.0.0.1:9/ok", f"slak://{SECRET}"]},
            [],
            "alerts.urls[1]",
            "apprise knows no service 'slak://'",
        ),
        (
            {"urls": [f"https://example.org/hooks/{SECRET}"]},
            [],
            "alerts.urls[0]",
            "no apprise service has this https:// address as its own",
        ),
        ({"urls": [SECRET]}, [], "alerts.urls[0]", "not an apprise URL"),
        (
            {},
            ["tag:desk", f"nosuch://{SECRET}"],
            "topics[0].alert_urls[1]",
            "apprise knows no service 'nosuch://'",
        ),
        (
            {"operator_url": f"mailtoo://ops:{SECRET}@mail.example.org"},
            [],
            "alerts.operator_url",
            "apprise knows no service 'mailtoo://'",
        ),
    ],
)
def test_an_alert_url_apprise_does_not_know_fails_at_load_naming_the_key(
    alerts: dict[str, object], topic_urls: list[str], key: str, problem: str
) -> None:
    data = {"topics": [{"name": "nk-troops", "alert_urls": topic_urls}], "alerts": alerts}
    with pytest.raises(ConfigError) as caught:
        parse_settings(data, environ={})
    assert caught.value.key == key
    assert problem in caught.value.problem
    assert SECRET not in str(caught.value)


def test_alert_urls_apprise_knows_are_accepted_also_a_service_s_own_https_address() -> None:
    urls = [
        "json://127.0.0.1:9/hook",
        "mailtos://alerts:pw@mail.example.org?to=desk@example.org",
        SLACK_HOOK,
        "SLACK://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ",
    ]
    settings = parse_settings(
        {
            "topics": [{"name": "nk-troops", "alert_urls": ["tag:desk", "ntfy://ntfy.sh/nk"]}],
            "alerts": {"urls": urls, "operator_url": "json://127.0.0.1:9/ops"},
        },
        environ={},
    )
    assert settings.alerts.urls == urls


def test_the_unknown_service_stops_the_cli_with_exit_2_and_one_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, GOOD.replace("json://127.0.0.1:9/${HOOK_TOKEN}", "jsno://x/${HOOK_TOKEN}")
    )
    done = subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(path), "status"],
        capture_output=True,
        text=True,
        env={"HOOK_TOKEN": SECRET, "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"tallywatch: config error: {path}: alerts.urls[0]: apprise knows no service "
        "'jsno://' (see https://github.com/caronc/apprise/wiki)"
    ]
    assert SECRET not in done.stderr + done.stdout


@pytest.mark.parametrize(
    ("base_url", "kept"),
    [
        ("https://review.example.org/", "https://review.example.org"),
        ("http://127.0.0.1:8150", "http://127.0.0.1:8150"),
        ("https://example.org/tallywatch/", "https://example.org/tallywatch"),
    ],
)
def test_review_base_url_is_kept_without_a_trailing_slash(base_url: str, kept: str) -> None:
    settings = parse_settings({"review": {"base_url": base_url}}, environ={})
    assert settings.review.base_url == kept


def test_review_base_url_must_be_http() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings({"review": {"base_url": "review.example.org"}}, environ={})
    assert caught.value.key == "review.base_url"
