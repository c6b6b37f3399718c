"""A one-line terminal chart of a series of numbers."""

from __future__ import annotations

from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"


def _buckets(values: Sequence[float], width: int) -> list[float]:
    """At most `width` values: each the largest of a consecutive run (peaks stay visible)."""
    if len(values) <= width:
        return list(values)
    size = len(values) / width
    return [
        max(values[int(i * size) : max(int((i + 1) * size), int(i * size) + 1)])
        for i in range(width)
    ]


def sparkline(values: Sequence[float], width: int = 60) -> str:
    """Bars from ▁ (the smallest value) to █ (the largest); a flat series is all ▄."""
    if not values:
        return ""
    points = _buckets(values, max(1, width))
    low, high = min(points), max(points)
    if high == low:
        return BARS[len(BARS) // 2 - 1] * len(points)
    scale = (len(BARS) - 1) / (high - low)
    return "".join(BARS[round((v - low) * scale)] for v in points)
