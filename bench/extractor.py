"""Figure extraction against trafilatura cleaning, on the same generated news pages.

    python -m bench extractor [--pages 300] [--weight news|light]

Reports CPU seconds for cleaning and for extraction, articles/second of each, and
extraction's cost as a share of cleaning (target: at most 5%).
"""

from __future__ import annotations

import argparse
import contextlib
import time

from rich.console import Console
from rich.table import Table

from bench.pages import WEIGHTS, generate
from tallywatch.config import parse_settings
from tallywatch.extract.cleaning import clean_html
from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.types import NoArticle

TOPICS = {
    "topics": [
        {"name": "nk-troops", "subjects": ["North Korean", "North Korea", "DPRK", "Pyongyang"]},
        {"name": "everything", "subjects": []},
    ]
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench extractor")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument(
        "--weight", choices=sorted(WEIGHTS), default="news", help="page weight (bench/pages.py)"
    )
    args = parser.parse_args(argv)

    pages = list(generate(args.pages, weight=args.weight))
    settings = parse_settings(TOPICS)
    extractor = FigureExtractor(settings.topics, settings.extract)

    texts: list[str] = []
    started = time.process_time()
    for path, page in pages:
        with contextlib.suppress(NoArticle):
            texts.append(clean_html(page, f"http://bench.invalid{path}").text)
    clean_cpu = time.process_time() - started

    started = time.process_time()
    figures = sum(len(extractor.extract(text)) for text in texts)
    extract_cpu = time.process_time() - started

    table = Table(title=f"figure extraction vs cleaning, {len(pages)} pages")
    for column in ("stage", "CPU s", "articles/s", "share of cleaning"):
        table.add_column(column, justify="right")
    table.add_row("trafilatura clean", f"{clean_cpu:.2f}", f"{len(pages) / clean_cpu:.1f}", "100%")
    table.add_row(
        "figure extraction",
        f"{extract_cpu:.3f}",
        f"{len(texts) / max(extract_cpu, 1e-9):.0f}",
        f"{100 * extract_cpu / clean_cpu:.1f}%",
    )
    console = Console()
    console.print(table)
    console.print(f"{len(texts)} articles cleaned, {figures} figures read (target share ≤ 5%)")


if __name__ == "__main__":
    main()
