"""Figure extraction against trafilatura cleaning, on the same generated news pages.

    python -m bench extractor [--pages 300] [--weight news|light] [--topics 50] [--rounds 3]

Reports CPU seconds for cleaning and for extraction, articles/second of each, and
extraction's cost as a share of cleaning (target: at most 5%): of tallywatch's cleaning
(`clean_html`, what a run does per page) and of stock trafilatura (`bare_extraction` with
metadata, as in `bench pipeline`).  Extraction runs as a run does it: each page with its
headline, with `--topics` topics configured (countries, provinces and towns, and forces),
places read through the gazetteer.  Building the extractor (the gazetteer's load and the
rules' compilation, once per run) is reported beside it, and as a share of cleaning when
spread over the pages.  Each of `--rounds` rounds measures the three side by side on the
same pages; the table is the round of median share, and every round's shares are listed
under it (on a shared machine one round can be off by a third).
"""

from __future__ import annotations

import argparse
import contextlib
import time
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table

from bench.pages import WEIGHTS, generate
from bench.pipeline import stock_trafilatura
from tallywatch.config import parse_settings
from tallywatch.extract.cleaning import clean_html
from tallywatch.extract.figures import FigureExtractor
from tallywatch.extract.types import CleanedPage, NoArticle

FORCES = [
    ["North Korean", "North Korea", "DPRK", "Pyongyang", "Korean People's Army"],
    ["Russian troops", "Russian forces", "Russia"],
    ["Wagner", "Wagner Group"],
    ["peacekeepers", "MONUSCO"],
    ["Houthis", "Houthi fighters"],
]
TOWNS = [
    ["Goma", "North Kivu"],
    ["Derna", "eastern Libya"],
    ["Gorkha"],
    ["Hatay", "Antakya"],
    ["Kherson"],
]


def topics(count: int) -> dict[str, list[dict[str, object]]]:
    """`count` topics like a user's: forces, provinces and towns, then countries (every
    other one narrowed to an event), and one topic without subjects."""
    import pycountry

    chosen: list[dict[str, object]] = [{"name": "everything", "subjects": []}]
    for n, subjects in enumerate(FORCES):
        chosen.append({"name": f"force-{n}", "subjects": subjects})
    for n, subjects in enumerate(TOWNS):
        chosen.append({"name": f"town-{n}", "subjects": subjects})
    for n, country in enumerate(sorted(pycountry.countries, key=lambda c: c.alpha_2)):
        if len(chosen) >= count:
            break
        topic: dict[str, object] = {"name": f"country-{n}", "subjects": [country.name]}
        if n % 2:
            topic["about"] = ["earthquake", "quake", "floods"]
        chosen.append(topic)
    return {"topics": chosen[:count]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench extractor")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument(
        "--weight", choices=sorted(WEIGHTS), default="news", help="page weight (bench/pages.py)"
    )
    parser.add_argument("--topics", type=int, default=50, help="topics configured")
    parser.add_argument("--rounds", type=int, default=3, help="side-by-side rounds (median)")
    args = parser.parse_args(argv)

    pages = list(generate(args.pages, weight=args.weight))
    settings = parse_settings(topics(args.topics))
    started = time.process_time()
    extractor = FigureExtractor(settings.topics, settings.extract)
    build_cpu = time.process_time() - started

    warm_path, warm_page = pages[0]  # (first calls load trafilatura's lazy parts)
    with contextlib.suppress(NoArticle):
        clean_html(warm_page, f"http://bench.invalid{warm_path}")
    stock_trafilatura(warm_page, f"http://bench.invalid{warm_path}")

    rounds = sorted(
        (_round(pages, extractor) for _ in range(max(1, args.rounds))),
        key=lambda r: r.extract_cpu / r.clean_cpu,
    )
    median = rounds[len(rounds) // 2]
    clean_cpu, stock_cpu, extract_cpu = median.clean_cpu, median.stock_cpu, median.extract_cpu
    cleaned, figures = median.cleaned, median.figures

    table = Table(
        title=f"figure extraction vs cleaning, {len(pages)} pages, {len(settings.topics)} topics"
    )
    for column in ("stage", "CPU s", "articles/s", "share of cleaning", "of stock trafilatura"):
        table.add_column(column, justify="right")
    for name, cpu, count in (
        ("tallywatch cleaning", clean_cpu, len(pages)),
        ("stock trafilatura", stock_cpu, len(pages)),
        ("figure extraction", extract_cpu, len(cleaned)),
        ("extraction + building it once", extract_cpu + build_cpu, len(cleaned)),
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
    console.print(
        f"{len(cleaned)} articles cleaned, {figures} figures read (target share ≤ 5%); "
        f"building the extractor (gazetteer, rules): {build_cpu:.2f} s CPU once per run"
    )
    shares = ", ".join(
        f"{100 * r.extract_cpu / r.clean_cpu:.1f}% / {100 * r.extract_cpu / r.stock_cpu:.1f}%"
        for r in rounds
    )
    console.print(
        f"share of tallywatch / of stock cleaning, each of {len(rounds)} rounds: {shares}"
    )


@dataclass
class _Round:
    clean_cpu: float
    stock_cpu: float
    extract_cpu: float
    cleaned: list[CleanedPage]
    figures: int


def _round(pages: list[tuple[str, str]], extractor: FigureExtractor) -> _Round:
    """Clean every page with tallywatch and with stock trafilatura, then read the figures of
    the cleaned texts: CPU seconds of each."""
    cleaned: list[CleanedPage] = []
    started = time.process_time()
    for path, page in pages:
        with contextlib.suppress(NoArticle):
            cleaned.append(clean_html(page, f"http://bench.invalid{path}"))
    clean_cpu = time.process_time() - started

    started = time.process_time()
    for path, page in pages:
        stock_trafilatura(page, f"http://bench.invalid{path}")
    stock_cpu = time.process_time() - started

    started = time.process_time()
    figures = sum(len(extractor.extract(page.text, page.title, page.published)) for page in cleaned)
    extract_cpu = time.process_time() - started
    return _Round(clean_cpu, stock_cpu, extract_cpu, cleaned, figures)


if __name__ == "__main__":
    main()
