"""Pure pieces of the review output: highlights, diffs, sparklines, dates and chart geometry."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tallywatch.review.chart import build_chart, nice_ceiling, short_number
from tallywatch.review.diff import word_diff
from tallywatch.review.highlight import Span, mark_sentence, segment_text
from tallywatch.review.queries import TimelinePoint
from tallywatch.review.since import parse_since
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
    ],
)
def test_parse_since(text: str, expected: datetime) -> None:
    assert parse_since(text, now=NOW) == expected


@pytest.mark.parametrize("text", ["yesterday", "2024-13-01", "7 days", ""])
def test_parse_since_rejects_other_forms(text: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_since(text, now=NOW)


def _point(figure_id: int, metric: str, value: int, day: str) -> TimelinePoint:
    return TimelinePoint(
        figure_id=figure_id,
        metric=metric,
        value=value,
        high=None,
        qualifier="approx",
        scope="cumulative",
        status="auto",
        date=day,
        attributed_to="NIS",
        source_name="korea-wire",
        article_id=100 + figure_id,
        article_title=None,
        article_url="https://x.example/",
    )


def test_chart_places_points_by_date_and_value() -> None:
    series = {
        "deployed": [
            _point(1, "deployed", 1500, "2024-10-18"),
            _point(2, "deployed", 12000, "2024-12-23"),
        ],
        "killed": [_point(3, "killed", 100, "2024-12-23"), _point(4, "killed", 300, "not a date")],
    }
    chart = build_chart(series, lambda article_id: f"/articles/{article_id}")
    assert chart is not None
    assert chart.logarithmic  # 12,000 against 100
    assert [s.metric for s in chart.series] == ["killed", "deployed"]
    assert chart.point_count == 3  # the undated point is left out
    deployed = chart.series[1].points
    assert deployed[0].x == chart.left and deployed[1].x == chart.right
    assert deployed[1].y < deployed[0].y  # larger values are higher up
    assert deployed[1].href == "/articles/102"
    assert "korea-wire" in deployed[1].label and "12,000" in deployed[1].label
    assert all(chart.top <= p.y <= chart.bottom for s in chart.series for p in s.points)


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
