"""Pure pieces of the review output: highlights, diffs, sparklines, dates and chart geometry."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tallywatch.review.chart import build_chart, nice_ceiling, short_number
from tallywatch.review.diff import word_diff
from tallywatch.review.highlight import Span, mark_sentence, segment_text
from tallywatch.review.series import SeriesPoint
from tallywatch.review.since import OutOfRange, parse_since, parse_until
from tallywatch.review.sparkline import BARS, sparkline


@pytest.mark.parametrize(
    ("sentence", "phrase", "window", "expected"),
    [
        ("About 300 were killed.", "300", None, ("About ", "300", " were killed.")),
        # the same number twice: the window (text ending at the figure) picks the second
        (
            "Of 300 units, 300 soldiers died.",
            "300",
            "Earlier text. Of 300 units, 300",
            ("Of 300 units, ", "300", " soldiers died."),
        ),
        (
            "Of 300 units, 300 soldiers died.",
            "300",
            "Earlier text. Of 300",
            ("Of ", "300", " units, 300 soldiers died."),
        ),
        # the phrase is not in a normalised sentence: nothing is marked
        ("Some 1 500 died.", "1,500", None, ("Some 1 500 died.", "", "")),
        ("Nothing here.", None, None, ("Nothing here.", "", "")),
    ],
)
def test_mark_sentence(
    sentence: str, phrase: str | None, window: str | None, expected: tuple[str, str, str]
) -> None:
    marked = mark_sentence(sentence, phrase, window)
    assert (marked.before, marked.number, marked.after) == expected


def test_segment_text_marks_each_figure_once_and_keeps_the_text() -> None:
    text = "About 300 killed and 2,700 wounded."
    spans = [
        Span(21, 26, 2, "wounded 2700", "auto"),
        Span(6, 9, 1, "killed 300", "rejected"),
        Span(6, 9, 3, "casualties 300", "rejected"),
        Span(7, 12, 4, "overlapping", "auto"),
        Span(30, 99, 5, "outside the text", "auto"),
    ]
    segments = segment_text(text, spans)
    assert "".join(s.text for s in segments) == text
    figures = [s for s in segments if s.is_figure]
    assert [s.text for s in figures] == ["300", "2,700"]
    assert [sp.figure_id for sp in figures[0].spans] == [1, 3]
    assert figures[0].rejected and not figures[1].rejected
    assert "#1 killed 300 (rejected)" in figures[0].label


def test_word_diff_shows_the_changed_words_in_place() -> None:
    old = "Officials said about 300 soldiers were killed in Kursk."
    new = "Officials said about 300 soldiers were killed and 2,700 wounded in Kursk."
    pieces = word_diff(old, new)
    assert [p.text for p in pieces if p.kind == "insert"] == ["and 2,700 wounded "]
    assert not [p for p in pieces if p.kind == "delete"]
    assert "".join(p.text for p in pieces if p.kind in ("equal", "insert")) == new


def test_word_diff_folds_long_unchanged_runs() -> None:
    words = " ".join(f"w{i}" for i in range(200))
    pieces = word_diff(words + " 11,000 end", words + " 12,000 end", context=5)
    assert [p.kind for p in pieces] == ["gap", "equal", "delete", "insert", "equal"]
    assert (pieces[2].text, pieces[3].text) == ("11,000", "12,000")
    assert word_diff("same", "same") == []


@pytest.mark.parametrize(
    ("values", "width", "expected"),
    [
        ([1, 2, 3, 4, 5, 6, 7, 8], 60, BARS),
        ([5, 5, 5], 60, "▄▄▄"),
        ([], 60, ""),
        ([0, 10], 60, "▁█"),
        # more values than width: each bucket keeps its peak
        ([0, 9, 0, 0, 0, 0], 3, "█▁▁"),
    ],
)
def test_sparkline(values: list[int], width: int, expected: str) -> None:
    assert sparkline(values, width) == expected


NOW = datetime(2025, 1, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-11-05", datetime(2024, 11, 5, tzinfo=UTC)),
        ("2024-11-05T10:30", datetime(2024, 11, 5, 10, 30, tzinfo=UTC)),
        ("2024-11-05T10:30+09:00", datetime(2024, 11, 5, 1, 30, tzinfo=UTC)),
        ("7d", datetime(2025, 1, 13, 12, 0, tzinfo=UTC)),
        ("12h", datetime(2025, 1, 20, 0, 0, tzinfo=UTC)),
        ("2w", datetime(2025, 1, 6, 12, 0, tzinfo=UTC)),
        ("30m", datetime(2025, 1, 20, 11, 30, tzinfo=UTC)),
        ("1.5d", datetime(2025, 1, 19, 0, 0, tzinfo=UTC)),
        ("2024-11-05T10:30:00+02:00", datetime(2024, 11, 5, 8, 30, tzinfo=UTC)),
    ],
)
def test_parse_since(text: str, expected: datetime) -> None:
    assert parse_since(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["yesterday", "2024-13-01", "7 days", ""])
def test_parse_since_rejects_other_forms(text: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_since(text, now=NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-11-30", datetime(2024, 12, 1, tzinfo=UTC)),  # the whole of the day
        ("2024-11-30T10:00", datetime(2024, 11, 30, 10, 0, tzinfo=UTC)),
        ("7d", datetime(2025, 1, 13, 12, 0, tzinfo=UTC)),
    ],
)
def test_parse_until(text: str, expected: datetime) -> None:
    assert parse_until(text, now=NOW) == expected


def test_the_last_day_has_no_end_to_run_to() -> None:
    with pytest.raises(OutOfRange):
        parse_until("9999-12-31", now=NOW)


def _point(
    figure_id: int, metric: str, value: int, day: str, *, raises: bool = True
) -> SeriesPoint:
    return SeriesPoint(
        id=figure_id,
        topic="nk-troops",
        metric=metric,
        value=value,
        high=None,
        qualifier="approx",
        scope="cumulative",
        status="auto",
        reported=day,
        cited="NIS",
        source="korea-wire",
        article_id=100 + figure_id,
        article_title=None,
        article_url="https://x.example/",
        counts=True,
        raises=raises,
    )


def test_chart_draws_the_running_high_as_steps_and_the_rest_faint() -> None:
    series = {
        "deployed": [
            _point(1, "deployed", 1500, "2024-10-18"),
            _point(2, "deployed", 12500, "2024-12-23"),
            _point(3, "deployed", 8000, "2024-12-23", raises=False),  # lower, the same day
            _point(4, "deployed", 12500, "2025-01-10", raises=False),  # restated
        ],
        "killed": [_point(5, "killed", 100, "2024-12-23"), _point(6, "killed", 300, "not a date")],
    }
    chart = build_chart(series, lambda article_id: f"/articles/{article_id}")
    assert chart is not None
    assert chart.logarithmic  # 12,500 against 100
    assert (chart.first_day, chart.last_day) == ("2024-10-18", "2025-01-10")
    assert [s.metric for s in chart.series] == ["killed", "deployed"]
    assert chart.point_count == 5  # the undated point is left out
    deployed = chart.series[1]
    assert [p.figure_id for p in deployed.steps] == [1, 2]
    assert [p.figure_id for p in deployed.others] == [3, 4]
    assert deployed.high == 12500
    first, second = deployed.steps
    assert first.x == chart.left and second.y < first.y  # larger values are higher up
    # a step line: flat, then up on the day of the rise, then flat to the axis' end
    assert deployed.path == f"M{first.x},{first.y} H{second.x} V{second.y} H{chart.right}"
    lower, restated = deployed.others
    assert lower.x == second.x and lower.y > second.y
    assert restated.y == second.y and restated.x == chart.right
    assert deployed.steps[1].href == "/articles/102"
    assert "korea-wire, citing NIS" in second.label and "12,500" in second.label
    assert "new high" in second.label and "restated or lower" in lower.label
    points = [p for s in chart.series for p in (*s.steps, *s.others)]
    assert all(chart.top <= p.y <= chart.bottom for p in points)


def test_a_log_axis_is_ticked_at_powers_of_ten_and_has_no_zero() -> None:
    series = {
        "captured": [_point(1, "captured", 2, "2024-12-01")],
        "deployed": [_point(2, "deployed", 14000, "2025-04-30")],
    }
    chart = build_chart(series, str)
    assert chart is not None and chart.logarithmic
    assert [t.label for t in chart.y_ticks] == ["1", "10", "100", "1k", "10k", "100k"]
    assert "0" not in [t.label for t in chart.y_ticks]
    assert chart.y_ticks[0].position == chart.bottom and chart.y_ticks[-1].position == chart.top


def test_the_first_and_last_dates_are_anchored_inside_the_chart() -> None:
    series = {
        "deployed": [
            _point(1, "deployed", 10, "2024-01-01"),
            _point(2, "deployed", 20, "2024-12-31"),
        ]
    }
    chart = build_chart(series, str)
    assert chart is not None
    anchors = [(t.label, t.anchor) for t in chart.x_ticks]
    assert anchors[0] == ("2024-01-01", "start") and anchors[-1] == ("2024-12-31", "end")
    assert all(anchor == "middle" for _label, anchor in anchors[1:-1])
    assert chart.x_ticks[-1].position == chart.right


def test_chart_linear_when_values_are_close_and_none_without_dates() -> None:
    series = {
        "deployed": [
            _point(1, "deployed", 11000, "2024-10-30"),
            _point(2, "deployed", 12000, "2024-10-30"),
        ]
    }
    chart = build_chart(series, str)
    assert chart is not None and not chart.logarithmic
    assert [t.label for t in chart.y_ticks] == ["0", "5k", "10k", "15k", "20k"]
    assert build_chart({"deployed": [_point(1, "deployed", 5, "")]}, str) is None


@pytest.mark.parametrize(
    ("value", "ceiling", "short"),
    [(12000, 20000, "12k"), (300, 500, "300"), (1, 1, "1"), (2_500_000, 5_000_000, "2.5M")],
)
def test_number_scales(value: int, ceiling: int, short: str) -> None:
    assert nice_ceiling(value) == ceiling
    assert short_number(value) == short
