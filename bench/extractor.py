"""Figure extraction against trafilatura cleaning, on the same generated news pages.

    python -m bench extractor [--pages 300] [--weight news|light]

Reports CPU seconds for cleaning and for extraction, articles/second of each, and
extraction's cost as a share of cleaning (target: at most 5%): of tallywatch's cleaning
(`clean_html`, what a run does per page) and of stock trafilatura
(`bare_extraction` with metadata, as in `bench pipeline`).
"""

from __future__ import annotations

import argparse
import contextlib
import time

from rich.console import Console
from rich.table import Table

from bench.pages import WEIGHTS, generate
from bench.pipeline import stock_trafilatura
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

    warm_path, warm_page = pages[0]  # (first calls load trafilatura's lazy parts)
    with contextlib.suppress(NoArticle):
        clean_html(warm_page, f"http://bench.invalid{warm_path}")
    stock_trafilatura(warm_page, f"http://bench.invalid{warm_path}")

    texts: list[str] = []
    started = time.process_time()
    for path, page in pages:
        with contextlib.suppress(NoArticle):
            texts.append(clean_html(page, f"http://bench.invalid{path}").text)
    clean_cpu = time.process_time() - started

    started = time.process_time()
    for path, page in pages:
        stock_trafilatura(page, f"http://bench.invalid{path}")
    stock_cpu = time.process_time() - started

    started = time.process_time()
    figures = sum(len(extractor.extract(text)) for text in texts)
    extract_cpu = time.process_time() - started

    table = Table(title=f"figure extraction vs cleaning, {len(pages)} pages")
    for column in ("stage", "CPU s", "articles/s", "share of cleaning", "of stock trafilatura"):
        table.add_column(column, justify="right")
    for name, cpu, count in (
        ("tallywatch cleaning", clean_cpu, len(pages)),
        ("stock trafilatura", stock_cpu, len(pages)),
        ("figure extraction", extract_cpu, len(texts)),
    ):
        table.add_row(
            name,
            f"{cpu:.3f}",
            f"{count / max(cpu, 1e-9):.1f}",
            f"{100 * cpu / clean_cpu:.1f}%",
            f"{100 * cpu / stock_cpu:.1f}%",
        )
    console = Console(width=120)
    console.print(table)
    console.print(f"{len(texts)} articles cleaned, {figures} figures read (target share ≤ 5%)")


if __name__ == "__main__":
    main()
