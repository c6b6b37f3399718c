"""Shared names of the reliability tests: how the CLI is started, what the demo site holds."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

DEMO_ARTICLES = 14
"""Articles on edition 1 of the demo site."""

CLI = [sys.executable, "-m", "tallywatch.cli"]

ConfigWriter = Callable[..., Path]
CliRunner = Callable[..., subprocess.CompletedProcess[str]]
