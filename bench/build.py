"""Benchmark: `baton build` of synthetic programs, step by step.

For 100, 300 and 1,000 projects, times load, analyse, render and write
(median of several runs) and the peak memory of one whole build in a fresh
process. Prints a Markdown table for docs/performance.md:

    .venv/bin/python bench/build.py --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from generate import generate  # noqa: E402
from generator import load  # noqa: E402
from generator.analysis import analyse  # noqa: E402
from generator.output import write  # noqa: E402
from generator.render import render  # noqa: E402
from generator.settings import load_settings  # noqa: E402

PEAK = """
import resource, sys
from generator.build import build
build(sys.argv[1], sys.argv[2])
print(max(resource.getrusage(who).ru_maxrss
          for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
"""
STEPS = ("load", "analyse", "render", "write")


def measure(projects: int, reports: int, runs: int) -> tuple[dict[str, float], int, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        content = generate(Path(tmp), projects, reports)
        out = Path(tmp) / "site"
        settings = load_settings(content)
        times: dict[str, list[float]] = {step: [] for step in STEPS}
        for _ in range(runs + 1):  # the first run warms the file cache and is not counted
            clock = time.perf_counter()
            program = load(content)
            t_load = time.perf_counter()
            report = analyse(program)
            t_analyse = time.perf_counter()
            files = render(report, settings)
            t_render = time.perf_counter()
            write(files, out)
            t_write = time.perf_counter()
            for step, (a, b) in zip(STEPS, [(clock, t_load), (t_load, t_analyse),
                                             (t_analyse, t_render), (t_render, t_write)]):
                times[step].append(b - a)
        medians = {step: statistics.median(values[1:]) for step, values in times.items()}
        peak_kib = int(subprocess.check_output(
            [sys.executable, "-c", PEAK, str(content), str(Path(tmp) / "site2")], cwd=ROOT))
        size = sum(len(data) for data in files.values())
    return medians, peak_kib, len(files), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reports", type=int, default=6)
    parser.add_argument("--sizes", default="100,300,1000")
    args = parser.parse_args()
    print("| projects | files out | site size | load | analyse | render | write | whole build | peak memory |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in (int(s) for s in args.sizes.split(",")):
        t, peak_kib, files, total = measure(size, args.reports, args.runs)
        whole = sum(t.values())
        print(f"| {size:,} | {files:,} | {total / 2**20:.1f} MiB | {t['load']:.2f} s | "
              f"{t['analyse']:.2f} s | {t['render']:.2f} s | {t['write']:.2f} s | {whole:.2f} s | "
              f"{peak_kib / 1024:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
