"""Benchmark: incremental rebuilds with the real `baton build` command.

For each program: a cold build (empty cache, no output), then the median of
several rebuilds with no change, and of several rebuilds after editing one
project's newest status report (a different project each time). Each is a
fresh `baton build` process, so the times include starting Python. Prints a
Markdown table for docs/performance.md:

    .venv/bin/python bench/rebuild.py --sizes demo,100,300 --runs 3

"demo" is this repository's demo program with its PDFs; the synthetic
programs (bench/generate.py, 6 reports per project) are built without PDFs.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

BATON = Path(sys.executable).parent / "baton"


def run(content: Path, out: Path, options: list[str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([str(BATON), "build", str(content), "-o", str(out), "-q", *options],
                          capture_output=True, text=True, cwd=content.parent)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stdout + done.stderr)
    return seconds, done.stdout.strip().splitlines()[-1]


def edit(project: Path, run_number: int) -> None:
    report = sorted((project / "status").glob("*.md"))[-1]
    report.write_text(report.read_text() + f"\nA line added by the benchmark, run {run_number}.\n")


def measure(name: str, runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if name == "demo":
            content = tmp / "content"
            shutil.copytree(ROOT / "content", content)
            shutil.copy(ROOT / "baton.yaml", tmp / "baton.yaml")
            options = ["--pdf"]
        else:
            content = generate(tmp, int(name), 6)
            options = ["--no-pdf"]
        out = tmp / "site"
        cold, summary = run(content, out, options)
        same = [run(content, out, options) for _ in range(runs)]
        projects = sorted((content / "projects").iterdir())
        edits = []
        for number in range(runs):
            edit(projects[(number * 7 + 1) % len(projects)], number)
            edits.append(run(content, out, options))
        rendered = re.search(r"rendered (\d+ of \d+)", edits[-1][1]).group(1)
        written = re.search(r"wrote (\d+) files", edits[-1][1]).group(1)
        return {"name": name, "made": re.search(r"built ([^(]+) \(", summary).group(1),
                "cold": cold, "same": statistics.median(t for t, _ in same),
                "edit": statistics.median(t for t, _ in edits), "rendered": rendered,
                "written": written,
                "same_summary": same[-1][1].split("; ", 1)[1]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="demo,100,300")
    args = parser.parse_args()
    print("| program | site | cold build | no change | one status report edited | "
          "rendered after the edit | files written after the edit |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name in args.sizes.split(","):
        r = measure(name, args.runs)
        label = "demo (PDFs on)" if name == "demo" else f"{int(name):,} projects"
        print(f"| {label} | {r['made']} | {r['cold']:.1f} s | {r['same']:.2f} s | "
              f"{r['edit']:.2f} s | {r['rendered']} | {r['written']} |", flush=True)


if __name__ == "__main__":
    main()
