"""`tallywatch extract`, `figures` and `reextract` through the real command line group."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tallywatch.cli.main import _register, cli
from tallywatch.store import Article, ArticleVersion, Database, Figure, Source

ARTICLE = (
    "SEOUL, March 3 -- Around 400 North Korean soldiers have been killed in the fighting, "
    "South Korea's spy agency said on Tuesday. It added that about 120 Russian soldiers "
    "were killed in the same battles.\n\n"
    "The agency said Pyongyang had sent 11,000 troops to Russia since October."
)
TOPICS = """
[[topics]]
name = "nk-troops"
subjects = ["North Korea", "North Korean", "Pyongyang"]
"""


@pytest.fixture(scope="module", autouse=True)
def commands() -> None:
    _register()


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.delenv("TALLYWATCH_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def lines(output: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_with_topics(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "topics.toml"
    config.write_text(TOPICS, encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["extract", "--config", str(config), str(article)])
    assert result.exit_code == 0, result.output
    rows = lines(result.output)
    assert [(r["topic"], r["metric"], r["value"], r["qualifier"]) for r in rows] == [
        ("nk-troops", "killed", 400, "approx"),
        ("nk-troops", "deployed", 11000, "exact"),
    ]
    first = rows[0]
    assert list(first) == [
        "file",
        "topic",
        "metric",
        "value",
        "high",
        "qualifier",
        "scope",
        "subject",
        "cited",
        "source",
        "sentence",
        "start",
        "end",
    ]
    assert first["file"] == str(article)
    assert first["cited"] == "South Korea's spy agency"
    # the evaluation format (score.py) reads who a figure is attributed to as `source`
    assert first["source"] == first["cited"]
    assert ARTICLE[first["start"] : first["end"]] == "400"


def test_extract_without_a_config_file(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(article)])
    assert result.exit_code == 0, result.output
    rows = lines(result.output)
    assert {(r["metric"], r["value"]) for r in rows} == {
        ("killed", 400),
        ("killed", 120),
        ("deployed", 11000),
    }
    assert all(r["topic"] is None for r in rows)
    assert not (tmp_path / "tallywatch.db").exists()


def test_extract_one_topic_and_bad_topic(runner: CliRunner, tmp_path: Path) -> None:
    config = tmp_path / "topics.toml"
    config.write_text(TOPICS + '\n[[topics]]\nname = "all"\nsubjects = []\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(
        cli, ["extract", "--config", str(config), "--topic", "all", str(article)]
    )
    assert result.exit_code == 0, result.output
    assert {(r["topic"], r["value"]) for r in lines(result.output)} == {
        ("all", 400),
        ("all", 120),
        ("all", 11000),
    }
    bad = runner.invoke(cli, ["extract", "--config", str(config), "--topic", "nope", str(article)])
    assert bad.exit_code == 2


def test_extract_cleans_html(runner: CliRunner, tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n"))
    filler = "".join(
        f"<p>Analysts in the region discussed the war at length, point {i}, with no numbers.</p>"
        for i in range(6)
    )
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Spy agency update</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Spy agency update</h1>{paragraphs}{filler}</article>"
        "<footer>Copyright 2025. Call 555-0100.</footer></body></html>",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["extract", str(page)])
    assert result.exit_code == 0, result.output
    assert {(r["metric"], r["value"]) for r in lines(result.output)} >= {
        ("killed", 400),
        ("deployed", 11000),
    }


FLOOD_TOPIC = """
[[topics]]
name = "kerala-floods"
subjects = ["India"]
about = ["flood", "floods"]
"""
FLOOD_BODY = "The death toll has risen to 412, the state government said on Sunday."


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.txt", "Floods in Kerala kill hundreds\n\n" + FLOOD_BODY),
        (
            "a.html",
            "<html><head><title>Floods in Kerala kill hundreds</title></head><body><article>"
            "<h1>Floods in Kerala kill hundreds</h1>"
            f"<p>{FLOOD_BODY}</p>"
            + "".join(
                f"<p>Relief camps opened across the district, report {i}.</p>" for i in range(5)
            )
            + "</article></body></html>",
        ),
    ],
)
def test_extract_reads_the_headline_of_a_text_or_an_html_file(
    runner: CliRunner, tmp_path: Path, name: str, content: str
) -> None:
    config = tmp_path / "topics.toml"
    config.write_text(FLOOD_TOPIC, encoding="utf-8")
    article = tmp_path / name
    article.write_text(content, encoding="utf-8")
    result = runner.invoke(cli, ["extract", "--config", str(config), str(article)])
    assert result.exit_code == 0, result.output
    rows = [r for r in lines(result.output) if r["value"] == 412]
    assert [(r["topic"], r["metric"]) for r in rows] == [("kerala-floods", "killed")]
    # without the headline nothing says where the dead were
    bare = tmp_path / "bare.txt"
    bare.write_text(FLOOD_BODY + " The floods are receding.", encoding="utf-8")
    result = runner.invoke(cli, ["extract", "--config", str(config), str(bare)])
    assert [r["topic"] for r in lines(result.output)] == [None]


@pytest.mark.parametrize(("published", "taken"), [("2024-05-01", False), ("2023-06-02", True)])
def test_extract_dates_an_html_page_by_its_publication_date(
    runner: CliRunner, tmp_path: Path, published: str, taken: bool
) -> None:
    config = tmp_path / "topics.toml"
    config.write_text(FLOOD_TOPIC, encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Floods in India</title>"
        f'<meta property="article:published_time" content="{published}T08:00:00Z">'
        "</head><body><article><h1>Floods in India</h1>"
        "<p>In 2023, floods killed 412 people across India, officials said.</p>"
        + "".join(f"<p>Relief camps opened across the district, report {i}.</p>" for i in range(5))
        + "</article></body></html>",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["extract", "--config", str(config), str(page)])
    assert result.exit_code == 0, result.output
    rows = [r for r in lines(result.output) if r["value"] == 412]
    # a page of 2024 tells of 2023 as background; a page of 2023 tells its own news
    assert [r["topic"] for r in rows] == (["kerala-floods"] if taken else [])


def seed_database(db_url: str) -> None:
    db = Database(db_url)
    with db.session() as session:
        source = Source(name="wire", kind="feed", url="http://127.0.0.1/feed")
        session.add(source)
        session.flush()
        article = Article(source_id=source.id, url="http://127.0.0.1/a/1", title="Update")
        session.add(article)
        session.flush()
        session.add(ArticleVersion(article_id=article.id, number=1, text="old", content_hash="1"))
        session.add(ArticleVersion(article_id=article.id, number=2, text=ARTICLE, content_hash="2"))


def test_reextract_and_list(runner: CliRunner, tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'tw.db'}"
    config = tmp_path / "tallywatch.toml"
    config.write_text(f'[database]\nurl = "{db_url}"\n{TOPICS}', encoding="utf-8")
    seed_database(db_url)

    result = runner.invoke(cli, ["reextract", "--config", str(config)])
    assert result.exit_code == 0, result.output
    assert "re-extracted 1 articles: 2 figures (2 not seen before, 0 replaced)" in result.output

    listed = runner.invoke(cli, ["figures", "--config", str(config), "--json"])
    assert listed.exit_code == 0, listed.output
    rows = lines(listed.output)
    assert sorted((r["metric"], r["value"], r["status"]) for r in rows) == [
        ("deployed", 11000, "auto"),
        ("killed", 400, "auto"),
    ]
    assert all(r["article_url"] == "http://127.0.0.1/a/1" for r in rows)

    only = runner.invoke(cli, ["figures", "--config", str(config), "--json", "--metric", "killed"])
    assert [r["value"] for r in lines(only.output)] == [400]
    none = runner.invoke(
        cli, ["figures", "--config", str(config), "--json", "--since", "2999-01-01"]
    )
    assert lines(none.output) == []
    table = runner.invoke(cli, ["figures", "--config", str(config)])
    assert table.exit_code == 0 and "11,000" in table.output

    # change detection saw the killed figure; re-extraction must not make it new again
    db = Database(db_url)
    with db.session() as session:
        for f in session.scalars(select(Figure).where(Figure.metric == "killed")):
            f.detected = True
    again = runner.invoke(cli, ["reextract", "--config", str(config)])
    assert "(1 not seen before, 2 replaced)" in again.output
    with db.session() as session:
        stored = {(f.metric, f.detected) for f in session.scalars(select(Figure))}
    assert stored == {("killed", True), ("deployed", False)}
