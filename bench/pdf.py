"""Benchmark: typesetting the PDFs, the executive pack and the project PDFs.

For the demo program and for synthetic programs (bench/generate.py), draws
the charts first (they are cached, and not what is measured here), plans the
print HTML, then typesets: the executive pack alone, every project PDF in
this process, and every PDF as a build does (in worker processes). Prints a
Markdown table for docs/performance.md:

    .venv/bin/python bench/pdf.py --sizes demo,100
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from charts import timed  # noqa: E402
from generate import generate  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from generator import load  # noqa: E402
from generator import typeset as typesetting  # noqa: E402
from generator.analysis import analyse  # noqa: E402
from generator.charts import plan_charts  # noqa: E402
from generator.draw import draw  # noqa: E402
from generator.pdfs import plan_pdfs, print_files  # noqa: E402
from generator.render import render  # noqa: E402
from generator.settings import load_settings  # noqa: E402
from generator.theme import load_theme  # noqa: E402


def measure(content: Path, cache: Path) -> dict:
    settings = load_settings(content, pdf=True, cache_dir=str(cache))
    theme = load_theme(settings)
    report = analyse(load(content))
    charts = draw(plan_charts(report, theme), theme, settings.cache_path)
    files = render(report, settings, theme, charts)
    docs: list = []
    plan = timed(lambda: docs.extend(plan_pdfs(report, settings, theme, charts)))
    shared = print_files(files, theme)
    pack, projects = docs[0], docs[1:]
    typesetting.typeset([pack], shared, None)  # WeasyPrint's imports and caches, once
    made: dict = {}
    pack_time = timed(lambda: made.update(typesetting.typeset([pack], shared, None)[0]))
    serial_min = typesetting.PARALLEL_MIN_PDFS
    typesetting.PARALLEL_MIN_PDFS = 10**9
    serial = timed(lambda: typesetting.typeset(projects, shared, None))
    typesetting.PARALLEL_MIN_PDFS = serial_min
    build = timed(lambda: made.update(typesetting.typeset(docs, shared, None)[0]))
    return {"projects": len(projects), "plan": plan, "pack": pack_time,
            "pack_pages": len(PdfReader(io.BytesIO(made[pack.path])).pages), "serial": serial, "build": build,
            "megabytes": sum(len(pdf) for pdf in made.values()) / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="demo,100")
    args = parser.parse_args()
    print("| program | project PDFs | plan HTML | executive pack | project PDFs, one process "
          "| all PDFs, workers (a build) | PDF bytes |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in args.sizes.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            if size == "demo":
                name, content = "demo", ROOT / "content"
            else:
                name, content = f"{int(size):,} projects", generate(Path(tmp), int(size), 6)
            m = measure(content, Path(tmp) / "cache")
        n = m["projects"]
        print(f"| {name} | {n:,} | {m['plan']:.2f} s | {m['pack']:.1f} s ({m['pack_pages']} pages) "
              f"| {m['serial']:.1f} s ({m['serial'] / n:.2f} s each) | {m['build']:.1f} s "
              f"| {m['megabytes']:.1f} MiB |", flush=True)


if __name__ == "__main__":
    main()
