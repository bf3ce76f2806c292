"""Benchmark: Baton at 100, 300 and 1,000 projects, against Hugo and Pelican.

For each size, bench/generate.py writes a program (K = 6 status reports a
project) and bench/peers.py copies its status reports, as plain Markdown
pages, into a Hugo site and a Pelican site. Then, each the median of
``--runs`` fresh processes on this machine, in the same run:

- Hugo and Pelican: a full build of those pages;
- Baton, cold: ``baton build`` with no cache and no output (every chart
  drawn, every page rendered, all the analysis);
- Baton, one edit: after a line is added to one project's newest status
  report (a different project each run);
- Baton, no change: a build over the output of the one before.

Peak memory is the largest process's maximum RSS, as ``/usr/bin/time -v``
reports it. PDFs are off: the peers make none. ``make bench`` runs this and
writes the table to bench/scale.md; docs/performance.md holds the latest.

    .venv/bin/python bench/scale.py --sizes 100,300,1000 --runs 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import peers  # noqa: E402
from generate import generate  # noqa: E402

BATON = [sys.executable, "-c", "from generator.cli import main; main()"]
REPORTS = 6
TARGETS = {"cold": 10.0, "edit": 1.0}   # at most this many times Hugo's full build
NO_CHANGE_TARGET = 1.0                  # seconds
MEMORY_TARGET = 1024 ** 3               # bytes


@dataclass
class Runs:
    """Several runs of one thing: their seconds and peak RSS (bytes)."""

    seconds: list[float]
    peaks: list[int]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak(self) -> int:
        return max(self.peaks)


def repeat(runs: int, once) -> Runs:
    results = [once(number) for number in range(runs)]
    return Runs([s for s, _ in results], [p for _, p in results])


def baton(content: Path, out: Path) -> tuple[float, int]:
    seconds, peak, _ = peers.timed([*BATON, "build", str(content), "-o", str(out), "-q",
                                    "--no-pdf"], cwd=content.parent)
    return seconds, peak


def measure(projects: int, runs: int, tmp: Path) -> dict[str, Runs | int]:
    content = generate(tmp / "program", projects, REPORTS)
    hugo_site, pelican_site = peers.plain_sites(content, tmp / "peers")
    out, cache = content.parent / "site", content.parent / ".baton-cache"
    result: dict[str, Runs | int] = {
        "hugo": repeat(runs, lambda _: peers.hugo(hugo_site)),
        "pelican": repeat(runs, lambda _: peers.pelican(pelican_site)),
        "plain pages": peers.pages(hugo_site),
    }

    def cold(_: int) -> tuple[float, int]:
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        return baton(content, out)

    folders = sorted((content / "projects").iterdir())

    def edit(number: int) -> tuple[float, int]:
        status = sorted((folders[(number * 7 + 1) % len(folders)] / "status").glob("*.md"))[-1]
        status.write_text(status.read_text() + f"\nA line added by the benchmark, run {number}.\n")
        return baton(content, out)

    result["cold"] = repeat(runs, cold)
    result["edit"] = repeat(runs, edit)
    result["same"] = repeat(runs, lambda _: baton(content, out))
    result["pages"] = sum(1 for _ in out.rglob("*.html"))
    return result


def mib(peak: int) -> str:
    return f"{peak / 2 ** 20:,.0f} MiB"


def table(results: dict[int, dict]) -> str:
    lines = [
        "| projects | Baton pages | Hugo: plain pages, full build | Pelican | Baton cold build "
        "| × Hugo | Baton, one report edited | × Hugo | Baton, no change | peak memory: Baton cold "
        "/ edit / no change | Hugo peak |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for projects, r in results.items():
        hugo = r["hugo"].median
        lines.append(
            f"| {projects:,} | {r['pages']:,} | {r['plain pages']:,} in {hugo:.2f} s "
            f"| {r['pelican'].median:.1f} s | {r['cold'].median:.1f} s "
            f"| {r['cold'].median / hugo:.1f}× | {r['edit'].median:.2f} s "
            f"| {r['edit'].median / hugo:.1f}× | {r['same'].median:.2f} s "
            f"| {mib(r['cold'].peak)} / {mib(r['edit'].peak)} / {mib(r['same'].peak)} "
            f"| {mib(r['hugo'].peak)} |")
    return "\n".join(lines) + "\n"


def verdicts(results: dict[int, dict]) -> str:
    """Each target of issue #8 against the largest program measured."""
    largest = max(results)
    r = results[largest]
    hugo = r["hugo"].median
    lines = [f"Targets at {largest:,} projects (Hugo's full build: {hugo:.2f} s):", ""]
    for name, label in (("cold", "cold build"), ("edit", "one status report edited")):
        ratio = r[name].median / hugo
        lines.append(f"- {label}: {ratio:.1f}× Hugo, target at most {TARGETS[name]:g}×: "
                     + ("met" if ratio <= TARGETS[name] else "**not met**"))
    same = r["same"].median
    lines.append(f"- no change: {same:.2f} s, target under {NO_CHANGE_TARGET:g} s: "
                 + ("met" if same < NO_CHANGE_TARGET else "**not met**"))
    peak = max(r[name].peak for name in ("cold", "edit", "same"))
    lines.append(f"- peak memory: {mib(peak)}, target under 1 GiB: "
                 + ("met" if peak < MEMORY_TARGET else "**not met**"))
    smallest = min(results)
    if smallest != largest:
        growth = (r["cold"].median / results[smallest]["cold"].median) / (largest / smallest)
        lines.append(f"- growth from {smallest:,} to {largest:,} projects, cold build time per "
                     f"project: {growth:.2f}× (1 is linear): "
                     + ("met" if growth <= 1.1 else "**not met**"))
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,300,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, help="also write the table here")
    args = parser.parse_args()
    # This checkout's generator, whatever is installed: a copy of the
    # repository can be measured while the working one changes.
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT),
                                                             os.environ.get("PYTHONPATH")]))
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"baton-bench-{size}-") as tmp:
            results[size] = measure(size, args.runs, Path(tmp))
        print(f"measured {size:,} projects", file=sys.stderr, flush=True)
    text = (f"Median of {args.runs} runs; {os.cpu_count()} cores; "
            f"{peers.versions()}.\n\n{table(results)}\n{verdicts(results)}")
    print(text, end="")
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
