"""Geometry of the timeline chart: coordinates and labels the template draws as inline SVG.

Metrics of one topic differ by orders of magnitude (thousands deployed, a handful
captured), so when the largest value is more than LOG_RATIO times the smallest the
vertical axis is logarithmic (log10(1 + value)); otherwise it is linear from zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tallywatch.constants import metric_order
from tallywatch.review.queries import TimelinePoint

LOG_RATIO = 50
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 64, 16, 12, 28


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float
    figure_id: int
    label: str
    href: str


@dataclass(frozen=True, slots=True)
class ChartSeries:
    metric: str
    css: str
    line: str
    """The polyline's `points` attribute."""
    points: list[ChartPoint]


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    series: list[ChartSeries]
    logarithmic: bool

    @property
    def point_count(self) -> int:
        return sum(len(s.points) for s in self.series)


def short_number(value: float) -> str:
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if abs(value) >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value`."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def point_label(point: TimelinePoint) -> str:
    value = f"{point.value:,}" + (f"–{point.high:,}" if point.high is not None else "")
    who = point.source_name + (f", citing {point.attributed_to}" if point.attributed_to else "")
    return f"{point.date} · {point.metric} {value} ({point.qualifier}) · {who}"


def _parse_day(text: str) -> int | None:
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return None


def build_chart(
    series: dict[str, list[TimelinePoint]],
    article_href: Callable[[int], str],
    width: int = 760,
    height: int = 280,
) -> Chart | None:
    """A chart of every metric's points, or None when there is nothing dated to draw."""
    dated = {
        metric: [(day, p) for p in points if (day := _parse_day(p.date)) is not None]
        for metric, points in series.items()
    }
    dated = {m: pts for m, pts in dated.items() if pts}
    if not dated:
        return None
    days = [day for pts in dated.values() for day, _ in pts]
    values = [max(p.value, p.high or 0) for pts in dated.values() for _, p in pts]
    first, last = min(days), max(days)
    if first == last:
        first, last = first - 1, last + 1
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM
    smallest = min((v for v in values if v > 0), default=1)
    logarithmic = max(values) > LOG_RATIO * smallest
    if logarithmic:
        top_value = math.log10(1 + nice_ceiling(max(values)))

        def scale(v: float) -> float:
            return math.log10(1 + max(v, 0)) / top_value

        powers = range(1, math.floor(top_value) + 1)
        y_values = [0.0] + [10.0**k for k in powers if math.log10(1 + 10**k) <= top_value]
    else:
        ceiling = nice_ceiling(max(values))

        def scale(v: float) -> float:
            return v / ceiling

        y_values = [ceiling * i / 4 for i in range(5)]

    def x_of(day: int) -> float:
        return round(left + (day - first) / (last - first) * (right - left), 1)

    def y_of(value: float) -> float:
        return round(bottom - scale(value) * (bottom - top), 1)

    y_ticks = [Tick(y_of(v), short_number(v)) for v in y_values]
    tick_count = min(5, last - first)
    x_ticks = [
        Tick(x_of(day), date.fromordinal(day).isoformat())
        for day in sorted(
            {first + round(i * (last - first) / tick_count) for i in range(tick_count + 1)}
        )
    ]
    drawn: list[ChartSeries] = []
    for metric, pts in sorted(dated.items(), key=lambda item: metric_order(item[0])):
        chart_points = [
            ChartPoint(
                x_of(day), y_of(p.value), p.figure_id, point_label(p), article_href(p.article_id)
            )
            for day, p in sorted(pts, key=lambda dp: (dp[0], dp[1].figure_id))
        ]
        drawn.append(
            ChartSeries(
                metric=metric,
                css=f"series-{metric_order(metric)}",
                line=" ".join(f"{c.x},{c.y}" for c in chart_points),
                points=chart_points,
            )
        )
    return Chart(width, height, left, right, top, bottom, x_ticks, y_ticks, drawn, logarithmic)
