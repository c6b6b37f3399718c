"""Fixtures for the reliability tests: the demo site, config files and `tallywatch` runs.

Each test writes a config for the bundled demo site (edition 1: 14 articles) into its
own directory and runs the real CLI in a subprocess, the way an operator would.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from reliability.demo_runs import CLI, CliRunner, ConfigWriter

from tallywatch.demo import EDITIONS, LoopbackSite, demo_settings


@pytest.fixture(scope="session")
def demo_site() -> Iterator[LoopbackSite]:
    site = LoopbackSite(EDITIONS[0])
    site.start()
    yield site
    site.stop()


@pytest.fixture
def write_config(demo_site: LoopbackSite, db_url: str, tmp_path: Path) -> ConfigWriter:
    """`write_config([file_name], alerts={...}, sources=[...])`: a config file for the demo site.

    Tables given are merged over the demo's, lists appended to; alerts are not echoed."""

    def write(file_name: str = "tallywatch.toml", **sections: Any) -> Path:
        settings = demo_settings(demo_site.url, db_url)
        data = settings.model_dump(mode="json", exclude_none=True, exclude={"path"})
        data["alerts"]["echo"] = False
        for name, values in sections.items():
            if isinstance(values, list):
                data.setdefault(name, []).extend(values)
            else:
                data.setdefault(name, {}).update(values)
        path = tmp_path / file_name
        path.write_text(tomli_w.dumps(data), encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_cli() -> CliRunner:
    """`run_cli(config, "run")`: the CLI in a subprocess; returns the completed process."""

    def run(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*CLI, *args, "--config", str(config)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run
