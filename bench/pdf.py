"""Benchmark: what the PDFs add to a build, and what one edit re-typesets.

For the demo and for synthetic programs (bench/generate.py, K = 6 status
reports a project), in the same run and each the median of ``--runs`` fresh
processes with no cache and no output:

- the site alone (``baton build --no-pdf``);
- the site with every PDF (``--pdf``): the executive pack and one per project;

then, over the second's output and cache, one line added to one project's
newest status report, rebuilt with PDFs: its time, and which PDFs were
typeset again (the new entries of the PDF cache). Peak memory is the largest
process's maximum RSS, as ``/usr/bin/time -v`` reports it. Prints a Markdown
table for docs/performance.md and a line per target:

    .venv/bin/python bench/pdf.py --sizes demo,100 --runs 3
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers  # noqa: E402
from generate import generate  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from generator.cache import store  # noqa: E402

BATON = [sys.executable, "-c", "from generator.cli import main; main()"]
REPORTS = 6
MEMORY_TARGET = 600 * 2 ** 20     # bytes, for the build with every PDF
RATIO_TARGET = 2.0                # the build with PDFs, at most this many site-only builds


def build(content: Path, out: Path, cache: Path, *options: str) -> tuple[float, int]:
    seconds, peak, _ = peers.timed([*BATON, "build", str(content), "-o", str(out), "-q",
                                    "--cache-dir", str(cache), *options], cwd=content.parent)
    return seconds, peak


def cold(content: Path, work: Path, runs: int, *options: str) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(runs):
        shutil.rmtree(work, ignore_errors=True)
        seconds, peak = build(content, work / "site", work / "cache", *options)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def measure(content: Path, tmp: Path, runs: int) -> dict:
    site = cold(content, tmp / "site-only", runs, "--no-pdf")
    pdfs = cold(content, tmp / "with-pdfs", runs, "--pdf")
    out, cache = tmp / "with-pdfs" / "site", tmp / "with-pdfs" / "cache"
    pack = next((out / "pdf").glob("*-executive-pack.pdf"))
    before = set((cache / "pdfs").iterdir())
    project = sorted((content / "projects").iterdir())[len(list((content / "projects").iterdir())) // 2]
    report = sorted((project / "status").glob("*.md"))[-1]
    original = report.read_text()
    report.write_text(original + "\nA line added by the benchmark.\n")
    try:
        edit, _ = build(content, out, cache, "--pdf")
    finally:
        report.write_text(original)
    made = sorted(set((cache / "pdfs").iterdir()) - before)
    typeset = [store.get(entry)[0] for entry in made]   # an entry is a PDF behind a header
    retypeset = sorted(path for path in (out / "pdf").rglob("*.pdf") if path.read_bytes() in typeset)
    return {"projects": len(list((content / "projects").iterdir())), "site": site, "pdfs": pdfs,
            "pack_pages": len(PdfReader(io.BytesIO(pack.read_bytes())).pages),
            "pdf_count": sum(1 for _ in (out / "pdf").rglob("*.pdf")),
            "megabytes": sum(p.stat().st_size for p in (out / "pdf").rglob("*.pdf")) / 2 ** 20,
            "edit": edit, "retypeset": [p.relative_to(out).as_posix() for p in retypeset],
            "edited": project.name}


def retypeset_only_the_edit(m: dict) -> bool:
    """One edit re-typesets the edited project's PDF and at most the pack,
    which is typeset again only when what it shows of the project changed
    (a board pack shows a green project in one line, not its report)."""
    edited = f"pdf/projects/{m['edited']}.pdf"
    return edited in m["retypeset"] and all(
        p == edited or p.endswith("-executive-pack.pdf") for p in m["retypeset"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="demo,100")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| program | PDFs (pack pages) | site only, cold | site and PDFs, cold | × site only "
          "| peak memory: site / with PDFs | PDF bytes | one report edited: rebuild, PDFs typeset |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    verdicts = []
    for size in args.sizes.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            if size == "demo":
                name, content = "demo", Path(tmp) / "demo" / "content"
                shutil.copytree(ROOT / "content", content)
            else:
                name, content = f"{int(size):,} projects", generate(Path(tmp) / "program", int(size),
                                                                    REPORTS)
            m = measure(content, Path(tmp) / "work", args.runs)
        ratio = m["pdfs"][0] / m["site"][0]
        print(f"| {name} | {m['pdf_count']:,} ({m['pack_pages']}) | {m['site'][0]:.1f} s "
              f"| {m['pdfs'][0]:.1f} s | {ratio:.2f}× | {m['site'][1] / 2**20:,.0f} / "
              f"{m['pdfs'][1] / 2**20:,.0f} MiB | {m['megabytes']:.1f} MiB | {m['edit']:.2f} s, "
              f"{len(m['retypeset'])}: {', '.join(m['retypeset'])} |", flush=True)
        verdicts.append(
            f"{name}: with PDFs {ratio:.2f}× the site alone (target ≤ {RATIO_TARGET:g}×): "
            f"{'met' if ratio <= RATIO_TARGET else 'NOT MET'}; peak "
            f"{m['pdfs'][1] / 2**20:,.0f} MiB (target < {MEMORY_TARGET / 2**20:,.0f}): "
            f"{'met' if m['pdfs'][1] < MEMORY_TARGET else 'NOT MET'}; one edit re-typesets "
            f"{len(m['retypeset'])} PDFs (target: {m['edited']}'s, and the pack if it shows the edit): "
            f"{'met' if retypeset_only_the_edit(m) else 'NOT MET'}")
    print()
    print("\n".join(verdicts))


if __name__ == "__main__":
    main()
