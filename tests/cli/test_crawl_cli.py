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

from tallywatch.cli.crawl import articles_command, runs_command, show_command, sources_command
from tallywatch.config import load_settings
from tallywatch.extract.types import CleanedPage
from tallywatch.review.articles import ARTICLE_KEYS
from tallywatch.review.runs import RUN_KEYS
from tallywatch.review.sources import SOURCE_KEYS
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
    assert records["wire"]["last_success_at"] is not None
    assert records["wire"]["article_count"] == 2
    assert records["wire"]["status"] == "ok" and records["never"]["status"] is None
    assert records["retired"]["configured"] is False
    assert list(records["wire"]) == list(SOURCE_KEYS)


@pytest.mark.parametrize(
    ("args", "titles"),
    [
        ([], ["Seoul: 600", "Markets", "Kyiv"]),
        (["--source", "section"], ["Kyiv"]),
        (["--since", "1d"], ["Seoul: 600"]),
        (["--since", (datetime.now(UTC) - timedelta(days=2)).date().isoformat()], ["Seoul: 600"]),
        (["--search", "600"], ["Seoul: 600"]),
        (["--search", "300"], ["Seoul: 600"]),  # any version's text
        (["--search", "kyiv"], ["Kyiv"]),  # titles too, case-insensitively
        (["--search", "100%"], ["Markets"]),
        (["--search", "1%"], []),  # % and _ are literal, not wildcards
        (["--search", "Prices_100"], []),
        (["--search", "up_to"], ["Markets"]),
        (["--limit", "1"], ["Seoul: 600"]),
        (["--limit", "0"], ["Seoul: 600", "Markets", "Kyiv"]),
        (["--until", "1d"], ["Markets", "Kyiv"]),
    ],
)
def test_articles_filters(
    config: Path, seeded: dict[str, int], args: list[str], titles: list[str]
) -> None:
    result = invoke(articles_command, config, "--json", *args)
    assert result.exit_code == 0, result.output
    records = lines_json(result.stdout)
    assert [r["title"] for r in records] == titles


def test_articles_json_record(config: Path, seeded: dict[str, int]) -> None:
    record = lines_json(invoke(articles_command, config, "--json", "--source", "wire").output)[0]
    assert record["id"] == seeded["seoul"]
    assert record["source"] == "wire" and record["version_count"] == 2
    assert record["figure_count"] == 1 and list(record) == list(ARTICLE_KEYS)
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
        "figures",
        "changed",
        "url",
    ]
    assert output[1].split("\t")[3] == "Seoul: 600"


def test_a_limit_that_hides_rows_says_how_many(config: Path, seeded: dict[str, int]) -> None:
    limited = CliRunner().invoke(articles_command, ["--config", str(config), "--limit", "1"])
    assert limited.exit_code == 0
    assert limited.stdout.splitlines()[1:] and len(limited.stdout.splitlines()) == 2
    assert limited.stderr.strip() == "2 more (use --limit 0)"
    everything = CliRunner().invoke(articles_command, ["--config", str(config), "--limit", "0"])
    assert len(everything.stdout.splitlines()) == 4 and everything.stderr == ""


def test_bad_since_is_a_usage_error(config: Path, seeded: dict[str, int]) -> None:
    result = invoke(articles_command, config, "--since", "last tuesday")
    assert result.exit_code == 2
    assert "--since" in result.output


def test_show_lists_the_version_s_figures_and_the_diff(
    config: Path, seeded: dict[str, int]
) -> None:
    result = invoke(show_command, config, str(seeded["seoul"]))
    assert result.exit_code == 0, result.output
    assert "title\tSeoul: 600" in result.output
    versions = result.output.split("# versions\n", 1)[1].splitlines()
    assert versions[0].split("\t") == ["version", "fetched", "characters", "hash", "figures", "run"]
    assert [line.split("\t")[0] for line in versions[1:3]] == ["1", "2"]
    assert [line.split("\t")[4] for line in versions[1:3]] == ["0", "1"]
    figures = result.output.split("# figures read from version 2\n", 1)[1].splitlines()
    assert figures[1].split("\t")[1:5] == ["nk-troops", "killed", "600", "approx"]
    assert "--- changes from version 1 to 2 ---\nAbout [-300-]{+600+} were killed." in result.output
    assert "--- text of version" not in result.output  # only with --text

    first = invoke(show_command, config, str(seeded["seoul"]), "--version", "1", "--text")
    assert "no figures read from version 1" in first.output
    assert "--- changes from" not in first.output  # nothing before the first version
    assert "--- text of version 1 ---\nAbout 300 were killed." in first.output

    record = json.loads(invoke(show_command, config, str(seeded["seoul"]), "--json").output)
    assert (record["version"], record["text"]) == (2, "About 600 were killed.")
    assert [v["figure_count"] for v in record["versions"]] == [0, 1]
    assert [(f["metric"], f["value"], f["version"]) for f in record["figures"]] == [
        ("killed", 600, 2)
    ]
    assert {"kind": "insert", "text": "600"} in record["diff"]


def test_runs_history_and_one_run(config: Path, seeded: dict[str, int], db_url: str) -> None:
    history = lines_json(invoke(runs_command, config, "--json").output)
    assert [(r["status"], r["pages"]) for r in history] == [("running", 0)]
    assert list(history[0]) == list(RUN_KEYS)
    one = invoke(runs_command, config, str(history[0]["id"]))
    assert one.exit_code == 0, one.output
    fields = one.output.splitlines()[1].split("\t")
    assert (fields[0], fields[2], fields[3]) == (str(history[0]["id"]), "-", "running")
    assert "no problems recorded" in one.output
    missing = invoke(runs_command, config, "999")
    assert missing.exit_code == 1 and "no run with id 999" in missing.output


@pytest.mark.parametrize(
    ("args", "message"),
    [(["999"], "no article with id 999"), (["1", "--version", "7"], "has no version 7")],
)
def test_show_missing(config: Path, seeded: dict[str, int], args: list[str], message: str) -> None:
    result = invoke(show_command, config, *args)
    assert result.exit_code == 1 and message in result.output
