"""Benchmarks: `python -m bench --help`.  Ratios measured side by side in one run."""
