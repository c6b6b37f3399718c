"""Which jobs a daemon schedules, from the config: global schedule and per-source overrides."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from tallywatch.config import ConfigError, parse_settings
from tallywatch.scheduler import child_command, child_worker, plan_jobs


def _source(name: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "kind": "feed", "url": f"https://{name}.example/rss.xml", **extra}


def _plan(sources: list[dict[str, Any]], **schedule: Any) -> dict[str, tuple[Any, ...]]:
    settings = parse_settings({"sources": sources, "schedule": schedule})
    return {job.id: (job.sources, job.trigger) for job in plan_jobs(settings)}


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ([], {"global": ()}),
        ([_source("a"), _source("b")], {"global": ()}),
        (
            [_source("a"), _source("wire", schedule={"interval_minutes": 10}), _source("b")],
            {"global": ("a", "b"), "source:wire": ("wire",)},
        ),
        (
            [_source("wire", schedule={"interval_minutes": 10}), _source("slow", enabled=False)],
            {"source:wire": ("wire",)},
        ),
        (
            [
                _source("wire", schedule={"interval_minutes": 10}),
                _source("daily", schedule={"cron": "0 6 * * *"}),
            ],
            {"source:wire": ("wire",), "source:daily": ("daily",)},
        ),
        ([_source("a", schedule={}), _source("b")], {"global": ()}),
        (
            [_source("off", enabled=False, schedule={"interval_minutes": 5}), _source("a")],
            {"global": ()},
        ),
    ],
    ids=[
        "no-sources",
        "shared-only",
        "one-override",
        "disabled-left-out",
        "all-overridden",
        "empty-override",
        "disabled-override",
    ],
)
def test_jobs_cover_each_source_once(
    sources: list[dict[str, Any]], expected: dict[str, tuple[str, ...]]
) -> None:
    plan = _plan(sources)
    assert {job: spec[0] for job, spec in plan.items()} == expected


@pytest.mark.parametrize(
    ("schedule", "kind", "check"),
    [
        ({}, IntervalTrigger, lambda t: t.interval == timedelta(minutes=30)),
        ({"interval_minutes": 5}, IntervalTrigger, lambda t: t.interval == timedelta(minutes=5)),
        (
            {"interval_minutes": 5, "interval_seconds": 2},
            IntervalTrigger,
            lambda t: t.interval == timedelta(seconds=2),
        ),
        ({"cron": "*/15 6-22 * * mon-fri"}, CronTrigger, lambda t: "6-22" in str(t)),
        ({"jitter_seconds": 0}, IntervalTrigger, lambda t: t.jitter is None),
        ({"jitter_seconds": 45}, IntervalTrigger, lambda t: t.jitter == 45),
        ({"cron": "0 * * * *", "jitter_seconds": 45}, CronTrigger, lambda t: t.jitter == 45),
    ],
)
def test_global_trigger(schedule: dict[str, Any], kind: type, check: Any) -> None:
    _sources, trigger = _plan([_source("a")], **schedule)["global"]
    assert isinstance(trigger, kind)
    assert check(trigger)


def test_source_override_uses_its_own_trigger() -> None:
    plan = _plan(
        [_source("a"), _source("wire", schedule={"interval_minutes": 10})],
        cron="0 6 * * *",
    )
    assert isinstance(plan["global"][1], CronTrigger)
    wire = plan["source:wire"][1]
    assert isinstance(wire, IntervalTrigger) and wire.interval == timedelta(minutes=10)


@pytest.mark.parametrize(
    ("sources", "schedule", "key"),
    [
        ([_source("a")], {"cron": "*/5 * * *"}, "schedule.cron"),
        ([_source("a")], {"cron": "61 * * * *"}, "schedule.cron"),
        (
            [_source("a"), _source("b", schedule={"cron": "every day"})],
            {},
            "sources[1].schedule.cron",
        ),
    ],
)
def test_bad_cron_is_a_config_error_naming_the_key(
    sources: list[dict[str, Any]], schedule: dict[str, Any], key: str
) -> None:
    with pytest.raises(ConfigError) as err:
        _plan(sources, **schedule)
    assert err.value.key == key


def test_daemon_with_bad_cron_exits_2_with_one_line(tmp_path: Path) -> None:
    config = tmp_path / "tw.toml"
    config.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/tw.db"\n[schedule]\ncron = "whenever"\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(config), "daemon"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "schedule.cron" in done.stderr and "Traceback" not in done.stderr


def test_child_command_runs_the_cli_module() -> None:
    command = child_command(Path("/etc/tw.toml"), ("a", "b"))
    assert command[0] == sys.executable
    assert command[1:] == [
        "-m",
        "tallywatch.cli",
        "--config",
        "/etc/tw.toml",
        "run",
        "--source",
        "a",
        "--source",
        "b",
    ]


def test_child_worker_matches_what_a_run_records() -> None:
    import os

    from tallywatch.cycle import worker_name

    assert child_worker(os.getpid()) == worker_name()
