"""`tallywatch sources`, `articles` and `show` on a seeded database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tallywatch.cli.crawl import articles_command, parse_since, show_command, sources_command
from tallywatch.config import load_settings
from tallywatch.extract.types import CleanedPage
from tallywatch.store import ArticleVersion, Database, Figure, Source, runs, sources, utcnow
from tallywatch.store import articles as store


@pytest.fixture
def config(tmp_path: Path, db_url: str) -> Path:
    path = tmp_path / "tw.toml"
    path.write_text(
        f"""
[database]
url = "{db_url}"

[[sources]]
name = "wire"
kind = "feed"
url = "https://wire.example/rss.xml"

[[sources]]
name = "section"
kind = "page"
url = "https://paper.example/world/"

[[sources]]
name = "never"
kind = "sitemap"
url = "https://never.example/sitemap.xml"
enabled = false
"""
    )
    return path


@pytest.fixture
def seeded(config: Path, db_url: str) -> dict[str, int]:
    settings = load_settings(config)
    db = Database(db_url)
    now = utcnow()
    old = now - timedelta(days=10)
    with db.session() as s:
        ids = sources.sync_sources(s, settings.sources[:2])
        gone = Source(name="retired", kind="feed", url="https://old.example/rss")
        s.add(gone)
        run_id = runs.start_run(s)

    def save(source: str, url: str, text: str, title: str, at: datetime) -> int:
        with db.session() as s:
            page = CleanedPage(text=text, title=title, author="Mina Park", published="2025-01-13")
            saved = store.save_article(
                s, source_id=ids[source], run_id=run_id, url=url, page=page, at=at
            )
            return saved.article_id

    seoul = save("wire", "https://wire.example/seoul", "About 300 were killed.", "Seoul: 300", old)
    save("wire", "https://wire.example/seoul", "About 600 were killed.", "Seoul: 600", now)
    with db.session() as s:
        latest = s.scalar(select(ArticleVersion).where(ArticleVersion.number == 2))
        s.add(
            Figure(
                version_id=latest.id,
                article_id=seoul,
                topic="nk-troops",
                metric="killed",
                value=600,
                qualifier="approx",
                scope="cumulative",
                sentence=latest.text,
                start=6,
                end=9,
                sentence_hash="0" * 64,
            )
        )
    kyiv = save("section", "https://paper.example/kyiv", "Two soldiers captured.", "Kyiv", old)
    save("wire", "https://wire.example/odd", "Prices 100% up_to date.", "Markets", old)
    with db.session() as s:
        sources.finish_source(s, ids["wire"], status="ok")
        sources.finish_source(s, ids["section"], status="failed", error="timeout: slow")
        sources.finish_source(s, ids["section"], status="failed", error="timeout: slow")
    db.dispose()
    return {"seoul": seoul, "kyiv": kyiv}


def invoke(command: click.Command, config: Path, *args: str) -> Any:
    result = CliRunner().invoke(command, ["--config", str(config), *args])
    return result


def lines_json(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_sources_table_and_json(config: Path, seeded: dict[str, int]) -> None:
    table = invoke(sources_command, config)
    assert table.exit_code == 0, table.output
    rows = [line.split("\t") for line in table.output.splitlines()]
    assert rows[0][:3] == ["source", "kind", "status"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["wire"][2] == "ok" and by_name["wire"][5:7] == ["0", "2"]
    assert by_name["section"][2] == "failed" and by_name["section"][5] == "2"
    assert by_name["section"][7] == "timeout: slow"
    assert by_name["never (disabled)"][2] == "never crawled"
    assert by_name["retired (not in config)"][1] == "feed"

    records = {r["name"]: r for r in lines_json(invoke(sources_command, config, "--json").output)}
    assert records["section"]["consecutive_failures"] == 2
    assert records["section"]["last_success_at"] is None
    assert records["wire"]["last_success_at"] is not None and records["wire"]["articles"] == 2
    assert records["retired"]["configured"] is False


@pytest.mark.parametrize(
    ("args", "titles"),
    [
        ([], ["Seoul: 600", "Markets", "Kyiv"]),
        (["--source", "section"], ["Kyiv"]),
        (["--since", "1d"], ["Seoul: 600"]),
        (["--since", (datetime.now(UTC) - timedelta(days=2)).date().isoformat()], ["Seoul: 600"]),
        (["--search", "600"], ["Seoul: 600"]),
        (["--search", "300"], []),  # only the latest version is searched
        (["--search", "kyiv"], ["Kyiv"]),  # titles too, case-insensitively
        (["--search", "100%"], ["Markets"]),
        (["--search", "1%"], []),  # % and _ are literal, not wildcards
        (["--search", "Prices_100"], []),
        (["--search", "up_to"], ["Markets"]),
        (["--limit", "1"], ["Seoul: 600"]),
    ],
)
def test_articles_filters(
    config: Path, seeded: dict[str, int], args: list[str], titles: list[str]
) -> None:
    result = invoke(articles_command, config, "--json", *args)
    assert result.exit_code == 0, result.output
    records = lines_json(result.output)
    assert [r["title"] for r in records] == titles


def test_articles_json_record(config: Path, seeded: dict[str, int]) -> None:
    record = lines_json(invoke(articles_command, config, "--json", "--source", "wire").output)[0]
    assert record["id"] == seeded["seoul"]
    assert record["source"] == "wire" and record["versions"] == 2
    assert record["url"] == "https://wire.example/seoul"
    assert record["author"] == "Mina Park" and record["published"] == "2025-01-13"
    assert datetime.fromisoformat(record["last_changed_at"]) > datetime.fromisoformat(
        record["first_seen_at"]
    )


def test_articles_table_when_piped(config: Path, seeded: dict[str, int]) -> None:
    output = invoke(articles_command, config).output.splitlines()
    assert output[0].split("\t") == [
        "id",
        "source",
        "published",
        "title",
        "versions",
        "changed",
        "url",
    ]
    assert output[1].split("\t")[3] == "Seoul: 600"


def test_bad_since_is_a_usage_error(config: Path, seeded: dict[str, int]) -> None:
    result = invoke(articles_command, config, "--since", "last tuesday")
    assert result.exit_code == 2
    assert "--since" in result.output


def test_show_article_versions_and_text(config: Path, seeded: dict[str, int]) -> None:
    result = invoke(show_command, config, str(seeded["seoul"]))
    assert result.exit_code == 0, result.output
    assert "title\tSeoul: 600" in result.output
    assert "--- text of version 2 ---\nAbout 600 were killed." in result.output
    versions = result.output.split("# versions\n", 1)[1].splitlines()
    assert [line.split("\t")[0] for line in versions[1:3]] == ["1", "2"]

    first = invoke(show_command, config, str(seeded["seoul"]), "--version", "1")
    assert "--- text of version 1 ---\nAbout 300 were killed." in first.output

    record = json.loads(invoke(show_command, config, str(seeded["seoul"]), "--json").output)
    assert [v["text"] for v in record["versions"]] == [
        "About 300 were killed.",
        "About 600 were killed.",
    ]
    assert [v["figures"] for v in record["versions"]] == [0, 1]


@pytest.mark.parametrize(
    ("args", "message"),
    [(["999"], "no article with id 999"), (["1", "--version", "7"], "has no version 7")],
)
def test_show_missing(config: Path, seeded: dict[str, int], args: list[str], message: str) -> None:
    result = invoke(show_command, config, *args)
    assert result.exit_code == 1 and message in result.output


NOW = datetime(2025, 1, 14, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("90m", NOW - timedelta(minutes=90)),
        ("12h", NOW - timedelta(hours=12)),
        ("3d", NOW - timedelta(days=3)),
        ("2w", NOW - timedelta(weeks=2)),
        ("1.5d", NOW - timedelta(hours=36)),
        ("2025-01-10", datetime(2025, 1, 10, tzinfo=UTC)),
        ("2025-01-10T08:30:00+02:00", datetime(2025, 1, 10, 6, 30, tzinfo=UTC)),
    ],
)
def test_parse_since(value: str, expected: datetime) -> None:
    assert parse_since(value, now=NOW) == expected
