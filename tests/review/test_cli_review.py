"""`timeline`, `export`, `serve` and the curation commands, on the seeded database."""

from __future__ import annotations

import csv
import http.client
import io
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from loopback_servers.http_receiver import free_port
from sqlalchemy import update

from tallywatch.cli.review import (
    COMMANDS,
    CURATION_COMMANDS,
    export_command,
    figure_confirm,
    figure_reject,
    serve_command,
    timeline_command,
)
from tallywatch.review.export import FIELDS
from tallywatch.store.models import Article, Figure


@pytest.fixture
def config_file(tmp_path: Path, db_url: str, review_db) -> Path:
    path = tmp_path / "tallywatch.toml"
    path.write_text(
        f'[database]\nurl = "{db_url}"\n\n'
        '[[topics]]\nname = "nk-troops"\nsubjects = ["North Korean"]\n'
        'metrics = ["deployed", "killed", "wounded", "captured", "missing"]\n',
        encoding="utf-8",
    )
    return path


def invoke(command, config_file: Path, *args: str):
    return CliRunner().invoke(command, ["--config", str(config_file), *args])


def test_command_lists() -> None:
    assert [c.name for c in COMMANDS] == ["timeline", "export", "serve"]
    assert [c.name for c in CURATION_COMMANDS] == ["confirm", "reject"]


def test_timeline_prints_each_metric_in_date_order_with_a_sparkline(config_file: Path) -> None:
    result = invoke(timeline_command, config_file, "nk-troops")
    assert result.exit_code == 0, result.output
    out = result.output
    for heading in ("nk-troops · killed", "nk-troops · wounded", "nk-troops · deployed"):
        assert heading in out
    assert "tracked: 12,000" in out
    deployed = out[out.index("nk-troops · deployed") :]
    assert (
        deployed.index("2024-10-18") < deployed.index("2024-10-30") < deployed.index("2024-12-23")
    )
    assert "korea-wire / NIS" in out
    assert "Spy agency: North Korean troops sent" in out
    assert "▁" in out and "█" in out  # 1,500 -> 11,000 -> 12,000
    assert "captured" not in out  # an incident, not a series
    assert "[bold]" not in out and "\x1b" not in out


def test_timeline_prints_article_titles_as_plain_text(config_file: Path, review_db) -> None:
    db, seeded = review_db
    with db.session() as session:
        session.execute(
            update(Article)
            .where(Article.id == seeded.articles["december"])
            .values(title="[red]forged[/] \x1b]0;owned\x07\x1b[31mtitle")
        )
    result = invoke(timeline_command, config_file, "nk-troops", "deployed")
    assert result.exit_code == 0, result.output
    assert "[red]forged[/]" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_timeline_of_one_metric_and_rejected_figures(config_file: Path, review_db) -> None:
    db, seeded = review_db
    with db.session() as session:
        session.execute(
            update(Figure)
            .where(Figure.id == seeded.figures["deployed-12000"])
            .values(status="rejected")
        )
    plain = invoke(timeline_command, config_file, "nk-troops", "deployed")
    everything = invoke(timeline_command, config_file, "nk-troops", "deployed", "--all")
    assert plain.exit_code == everything.exit_code == 0
    assert "killed" not in plain.output
    assert "12,000" not in plain.output.split("\n", 1)[1]  # only in the tracked heading
    assert "12,000 (rejected)" in everything.output
    incidents = invoke(
        timeline_command, config_file, "nk-troops", "captured", "--scope", "incident"
    )
    assert incidents.exit_code == 0
    assert "nk-troops · captured" in incidents.output
    assert "Kyiv gives first toll" in incidents.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["no-such-topic"], 2, "no topic named 'no-such-topic'"),
        (["nk-troops", "eaten"], 2, "'eaten' is not one of 'killed'"),
        (["nk-troops", "displaced"], 0, "no cumulative figures for nk-troops yet"),
    ],
)
def test_timeline_usage(config_file: Path, args: list[str], code: int, message: str) -> None:
    result = invoke(timeline_command, config_file, *args)
    assert result.exit_code == code
    assert message in result.output + (result.stderr or "")


def _parse(text: str, fmt: str) -> list[dict]:
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize(
    ("what", "count", "first"),
    [
        ("articles", 5, {"title": "Spy agency: North Korean troops sent to Russia"}),
        ("figures", 11, {"metric": "deployed", "value": 1500, "cited": "NIS"}),
        ("alerts", 4, {"status": "sent", "metric": "deployed", "value": 12000}),
    ],
)
def test_export_formats(config_file: Path, fmt: str, what: str, count: int, first: dict) -> None:
    result = invoke(export_command, config_file, "--format", fmt, "--what", what)
    assert result.exit_code == 0, result.output
    rows = _parse(result.stdout, fmt)
    assert len(rows) == count
    assert list(rows[0]) == list(FIELDS[what])
    for key, value in first.items():
        assert rows[0][key] == (str(value) if fmt == "csv" else value)


def test_export_since_topic_and_output_file(config_file: Path, tmp_path: Path) -> None:
    since = invoke(
        export_command,
        config_file,
        "--what",
        "figures",
        "--format",
        "jsonl",
        "--since",
        "2025-01-14",
    )
    assert [r["value"] for r in _parse(since.stdout, "jsonl")] == [300, 2700, 2, 40]
    other = invoke(export_command, config_file, "--what", "articles", "--topic", "other")
    assert other.stdout.strip() == ",".join(FIELDS["articles"])
    target = tmp_path / "out" / "alerts.csv"
    target.parent.mkdir()
    written = invoke(export_command, config_file, "--what", "alerts", "--output", str(target))
    assert written.exit_code == 0
    assert "4 rows written to" in written.stderr
    assert len(_parse(target.read_text(encoding="utf-8"), "csv")) == 4
    bad = invoke(export_command, config_file, "--what", "alerts", "--since", "last week")
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_export_filters_as_the_listings_do(config_file: Path) -> None:
    """The export takes the listing's own filters; one that does not apply is an error."""
    killed = invoke(
        export_command, config_file, "--what", "figures", "--format", "jsonl",
        "--metric", "killed", "--source", "front-daily", "--until", "2025-01-13",
    )  # fmt: skip
    assert [(r["value"], r["version"]) for r in _parse(killed.stdout, "jsonl")] == [(300, 1)]
    searched = invoke(export_command, config_file, "--what", "articles", "--search", "2,700")
    assert [r["title"] for r in _parse(searched.stdout, "csv")] == [
        "Kyiv gives first toll of North Korean losses"
    ]
    pending = invoke(export_command, config_file, "--what", "alerts", "--status", "pending")
    assert [r["metric"] for r in _parse(pending.stdout, "csv")] == ["wounded"]
    misplaced = invoke(export_command, config_file, "--what", "alerts", "--metric", "killed")
    assert misplaced.exit_code == 2 and "applies to figures and by-source only" in misplaced.output
    unknown = invoke(export_command, config_file, "--what", "alerts", "--status", "rejected")
    assert unknown.exit_code == 2 and "one of pending" in unknown.output


def test_export_of_the_latest_figure_of_each_source(config_file: Path) -> None:
    result = invoke(
        export_command, config_file, "--what", "by-source", "--format", "jsonl",
        "--topic", "nk-troops", "--metric", "deployed",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = _parse(result.stdout, "jsonl")
    assert list(rows[0]) == list(FIELDS["by-source"])
    assert [(r["voice"], r["value"], r["reported"]) for r in rows] == [
        ("NIS", 12000, "2024-12-23"),
        ("Pentagon", 11000, "2024-10-30"),
    ]


def test_csv_export_defuses_spreadsheet_formulas(config_file: Path, review_db) -> None:
    db, seeded = review_db
    with db.session() as session:
        session.execute(
            update(Figure)
            .where(Figure.id == seeded.figures["killed-100"])
            .values(note='=HYPERLINK("http://evil.example","x")', source="@SUM(A1)")
        )
    as_csv = invoke(export_command, config_file, "--what", "figures")
    row = next(
        r for r in _parse(as_csv.stdout, "csv") if r["id"] == str(seeded.figures["killed-100"])
    )
    assert row["note"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["cited"] == "'@SUM(A1)"
    as_jsonl = invoke(export_command, config_file, "--what", "figures", "--format", "jsonl")
    row = next(
        r for r in _parse(as_jsonl.stdout, "jsonl") if r["id"] == seeded.figures["killed-100"]
    )
    assert row["note"].startswith("=HYPERLINK")  # JSON is data, not a spreadsheet


def test_reject_and_confirm_commands(config_file: Path, review_db) -> None:
    db, seeded = review_db
    figure_id = seeded.figures["deployed-12000"]
    rejected = invoke(figure_reject, config_file, str(figure_id), "--note", "a date, not a count")
    assert rejected.exit_code == 0, rejected.output
    assert f"figure {figure_id} rejected: deployed 12,000" in rejected.output
    assert "tracked nk-troops deployed: 12,000 -> 11,000" in rejected.output
    shown = invoke(timeline_command, config_file, "nk-troops", "deployed")
    assert "tracked: 11,000" in shown.output
    confirmed = invoke(figure_confirm, config_file, str(figure_id))
    assert "11,000 -> 12,000" in confirmed.output
    twice = invoke(figure_reject, config_file, str(seeded.figures["captured-2"]))
    assert "(and 1 more of the same sentence)" in twice.output
    missing = invoke(figure_reject, config_file, "424242")
    assert missing.exit_code == 2 and "no figure with id 424242" in missing.stderr


def test_serve_refuses_a_public_address_without_a_token(config_file: Path, monkeypatch) -> None:
    monkeypatch.delenv("TALLYWATCH_REVIEW_TOKEN", raising=False)
    result = invoke(serve_command, config_file, "--host", "0.0.0.0", "--port", "0")
    assert result.exit_code == 2
    assert "refusing to serve on 0.0.0.0" in result.stderr
    assert "TALLYWATCH_REVIEW_TOKEN" in result.stderr


def test_serve_answers_on_loopback(config_file: Path) -> None:
    code = (
        "from tallywatch.cli.review import serve_command; "
        f"serve_command(['--config', {str(config_file)!r}, '--port', '0'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "TALLYWATCH_REVIEW_TOKEN"}
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()
        assert banner.startswith("review page on http://127.0.0.1:"), banner
        url = banner.split()[3]
        with urllib.request.urlopen(url, timeout=30) as answer:
            page = answer.read().decode()
            assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert "12,000" in page and "<svg" in page
    finally:
        process.terminate()
        process.wait(timeout=30)


def _serve(config_file: Path, port: int, **popen: object) -> subprocess.Popen[str]:
    """`tallywatch serve` on loopback `port`, as a child process (`popen`: more of
    `subprocess.Popen`'s arguments)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tallywatch.cli", "--config", str(config_file), "serve"]
        + ["--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def _first_answer(server: subprocess.Popen[str], port: int, path: str) -> int:
    """The status of GET `path`, asked again until the server listens (at most 30 s)."""
    deadline = time.monotonic() + 30
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", path)
            status = connection.getresponse().status
            connection.close()
            return status
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise
            time.sleep(0.2)


def test_serve_logs_requests_without_their_query_string(config_file: Path) -> None:
    """The access log never shows `?token=...` (nor search terms): path, status, size."""
    token = "t0ken-in-the-query-5b1e"
    port = free_port()
    server = _serve(config_file, port, env={**os.environ, "TALLYWATCH_REVIEW_TOKEN": token})
    try:
        assert _first_answer(server, port, f"/figures?token={token}&q=kursk") == 303
    finally:
        server.send_signal(signal.SIGINT)
        _out, err = server.communicate(timeout=30)
    assert token not in err and "kursk" not in err
    assert '"GET /figures HTTP/1.1" 303' in err


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a shell starts a background job


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_serve_stops_on_ctrl_c_and_sigterm_whatever_it_inherited(
    config_file: Path, signum: signal.Signals
) -> None:
    port = free_port()
    server = _serve(config_file, port, preexec_fn=_ignore_sigint)
    try:
        assert _first_answer(server, port, "/") == 200
        server.send_signal(signum)
        server.communicate(timeout=20)
        assert server.returncode == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.communicate()


def _hold_back(review_db) -> int:
    """Make the seeded 12,000 deployed a figure far above its series (1.5 million, more
    than `alerts.max_jump` times 11,000, from one article alone): held back."""
    db, seeded = review_db
    figure_id = seeded.figures["deployed-12000"]
    with db.session() as session:
        session.execute(update(Figure).where(Figure.id == figure_id).values(value=1_500_000))
    return figure_id


def test_figures_and_export_list_the_figures_held_back(config_file: Path, review_db) -> None:
    from tallywatch.cli.figures import figures_group

    none_held = invoke(figures_group, config_file, "--held", "--json")
    assert none_held.exit_code == 0 and lines_of(none_held.stdout) == []
    held_id = _hold_back(review_db)
    held = invoke(figures_group, config_file, "--held", "--json")
    assert [(r["id"], r["value"]) for r in lines_of(held.stdout)] == [(held_id, 1_500_000)]
    every = invoke(figures_group, config_file, "--json", "--metric", "deployed")
    assert len(lines_of(every.stdout)) > 1
    exported = invoke(
        export_command, config_file, "--what", "figures", "--format", "jsonl", "--held"
    )
    assert [r["id"] for r in _parse(exported.stdout, "jsonl")] == [held_id]
    misplaced = invoke(export_command, config_file, "--what", "alerts", "--held")
    assert misplaced.exit_code == 2 and "applies to figures only" in misplaced.output


def lines_of(output: str) -> list[dict]:  # type: ignore[type-arg]
    """The records `--json` prints, one per line."""
    return [json.loads(line) for line in output.splitlines() if line.strip()]
