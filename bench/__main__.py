"""Run one benchmark by name: `python -m bench NAME [options]` (`python -m bench` lists them)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
NOT_BENCHMARKS = {"pages", "__main__"}


def available() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name not in NOT_BENCHMARKS)


def main() -> None:
    names = available()
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print("usage: python -m bench NAME [options]\n\nbenchmarks:")
        for name in names:
            doc = (importlib.import_module(f"bench.{name}").__doc__ or "").strip().splitlines()
            print(f"  {name.replace('_', '-'):<18} {doc[0] if doc else ''}")
        print(f"  {'all':<18} every benchmark above in turn, with its defaults")
        return
    if sys.argv[1] == "all":
        for name in names:
            print(f"\n== python -m bench {name.replace('_', '-')}", flush=True)
            importlib.import_module(f"bench.{name}").main([])
        return
    name = sys.argv[1].replace("-", "_")
    if name not in names:
        sys.exit(f"no benchmark named {sys.argv[1]!r}; one of: {', '.join(names)}")
    importlib.import_module(f"bench.{name}").main(sys.argv[2:])


main()
