"""Geometry of a topic's chart: the tracked series as the template draws it in inline SVG.

Each metric is a step line of its running high by report date: flat while no figure
goes above it, a rise on the day one does, drawn on to the last day on the axis.  The
figures that set a step are solid points; restatements and lower reports are faint
ones, so a source repeating an old number, or a lower estimate, shows without pulling
the line down.

Metrics of one topic differ by orders of magnitude (thousands deployed, a handful
captured): when the largest value is more than `LOG_RATIO` times the smallest, the
vertical axis is logarithmic, ticked at powers of ten (a log axis has no 0); otherwise
it is linear from zero.  The drawing has a fixed view box and scales to its card's
width; the first and last date labels are anchored inside it, so none is cut off.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from tallywatch.constants import metric_order
from tallywatch.review.series import SeriesPoint

LOG_RATIO = 50
WIDTH, HEIGHT = 1000, 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 56, 16, 14, 30
X_TICKS = 6


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
    path: str
    """The step line's `d` attribute."""
    steps: list[ChartPoint]
    """The figures that raised the running high."""
    others: list[ChartPoint]
    """Restatements and lower reports (the latest `series.MAX_FAINT`: `series.tracked_series`)."""
    high: int
    """The running high at the end: the tracked value."""


@dataclass(frozen=True, slots=True)
class Tick:
    position: float
    label: str
    anchor: str = "middle"


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
    first_day: str
    last_day: str

    @property
    def point_count(self) -> int:
        return sum(len(s.steps) + len(s.others) for s in self.series)


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


def point_label(point: SeriesPoint) -> str:
    value = f"{point.value:,}" + (f"–{point.high:,}" if point.high is not None else "")
    who = point.source + (f", citing {point.cited}" if point.cited else "")
    role = "new high" if point.raises else "restated or lower"
    return f"{point.reported} · {point.metric} {value} ({point.qualifier}, {role}) · {who}"


def _day(text: str) -> int | None:
    try:
        return date.fromisoformat(text[:10]).toordinal()
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class _Scale:
    """Values to heights in the plot: linear from 0, or logarithmic over whole decades."""

    logarithmic: bool
    low: float
    high: float

    @classmethod
    def of(cls, values: list[int]) -> _Scale:
        positive = [v for v in values if v > 0] or [1]
        smallest, largest = min(positive), max(positive)
        if largest > LOG_RATIO * smallest:
            low = 10.0 ** math.floor(math.log10(smallest))
            return cls(True, low, 10.0 ** math.ceil(math.log10(largest)))
        return cls(False, 0.0, nice_ceiling(largest))

    def share(self, value: float) -> float:
        if self.logarithmic:
            clamped = min(max(value, self.low), self.high)
            return math.log10(clamped / self.low) / math.log10(self.high / self.low)
        return value / self.high

    def ticks(self) -> list[float]:
        if self.logarithmic:
            decades = round(math.log10(self.high / self.low))
            return [self.low * 10**k for k in range(decades + 1)]
        return [self.high * i / 4 for i in range(5)]


def build_chart(
    series: dict[str, list[SeriesPoint]],
    article_href: Callable[[int], str],
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart | None:
    """The chart of a topic's tracked series, or None when no figure of it is dated."""
    dated = {
        metric: [(day, p) for p in points if (day := _day(p.reported)) is not None]
        for metric, points in series.items()
    }
    dated = {m: pts for m, pts in dated.items() if any(p.raises for _d, p in pts)}
    if not dated:
        return None
    days = [day for pts in dated.values() for day, _ in pts]
    first, last = min(days), max(days)
    span = max(last - first, 1)
    scale = _Scale.of([p.value for pts in dated.values() for _d, p in pts])
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM

    def x_of(day: int) -> float:
        return round(left + (day - first) / span * (right - left), 1)

    def y_of(value: float) -> float:
        return round(bottom - scale.share(value) * (bottom - top), 1)

    def plotted(day: int, point: SeriesPoint) -> ChartPoint:
        href = article_href(point.article_id)
        return ChartPoint(x_of(day), y_of(point.value), point.id, point_label(point), href)

    drawn: list[ChartSeries] = []
    for metric in sorted(dated, key=metric_order):
        points = dated[metric]
        steps = [plotted(day, p) for day, p in points if p.raises]
        others = [plotted(day, p) for day, p in points if not p.raises]
        path = f"M{steps[0].x},{steps[0].y}" + "".join(
            f" H{step.x} V{step.y}" for step in steps[1:]
        )
        drawn.append(
            ChartSeries(
                metric=metric,
                css=f"series-{metric_order(metric)}",
                path=f"{path} H{right}",
                steps=steps,
                others=others,
                high=max(p.value for _d, p in points if p.raises),
            )
        )
    count = min(X_TICKS, span + 1)
    tick_days = sorted({first + round(i * span / max(count - 1, 1)) for i in range(count)})
    x_ticks = [
        Tick(
            x_of(day),
            date.fromordinal(day).isoformat(),
            "start" if day == first else "end" if day == tick_days[-1] else "middle",
        )
        for day in tick_days
    ]
    y_ticks = [Tick(y_of(v), short_number(v), "end") for v in scale.ticks()]
    return Chart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        x_ticks,
        y_ticks,
        drawn,
        scale.logarithmic,
        date.fromordinal(first).isoformat(),
        date.fromordinal(last).isoformat(),
    )
