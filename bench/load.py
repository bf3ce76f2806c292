"""Benchmark: load and validate synthetic programs of 100, 300 and 1,000 projects.

Prints a Markdown table (median of several runs, and peak memory of one run
in a fresh process) for docs/performance.md:

    make bench            # or: .venv/bin/python bench/load.py --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate import generate  # noqa: E402

from generator import load  # noqa: E402

PEAK = """
import resource, sys
from generator import load
load(sys.argv[1])
print(max(resource.getrusage(who).ru_maxrss
          for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
"""


def measure(projects: int, reports: int, runs: int) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        content = generate(Path(tmp), projects, reports)
        files = sum(1 for p in content.rglob("*") if p.is_file())
        load(content)  # warm the file cache: we measure parsing, not the disk
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            load(content)
            times.append(time.perf_counter() - started)
        peak_kib = int(subprocess.check_output([sys.executable, "-c", PEAK, str(content)],
                                               cwd=Path(__file__).resolve().parent.parent))
    return statistics.median(times), peak_kib, files


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reports", type=int, default=6)
    parser.add_argument("--sizes", default="100,300,1000")
    args = parser.parse_args()
    print(f"| projects | files | load + validate (median of {args.runs}) | peak memory (largest process) |")
    print("| ---: | ---: | ---: | ---: |")
    for size in (int(s) for s in args.sizes.split(",")):
        seconds, peak_kib, files = measure(size, args.reports, args.runs)
        print(f"| {size:,} | {files:,} | {seconds:.2f} s | {peak_kib / 1024:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
