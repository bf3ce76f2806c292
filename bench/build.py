"""Benchmark: `baton build` of synthetic programs, step by step.

For 100, 300 and 1,000 projects, times load, analyse, charts (plan and
draw), render and write, and the peak memory of one whole build in a fresh
process. The first run draws every chart (cold cache) and is reported on its
own; the median of the runs after it reads charts from the cache (warm).
Prints a Markdown table for docs/performance.md:

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
from generator.analysis.report import analyse  # noqa: E402
from generator.charts.draw import SiteCharts  # noqa: E402
from generator.look.theme import load_theme  # noqa: E402
from generator.publish.output import Manifest, write  # noqa: E402
from generator.render.site import render  # noqa: E402
from generator.settings import load_settings  # noqa: E402

PEAK = """
import resource, sys
from generator.build import build
build(sys.argv[1], sys.argv[2])
print(max(resource.getrusage(who).ru_maxrss
          for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))
"""
STEPS = ("load", "analyse", "charts", "render", "write")


def measure(projects: int, reports: int, runs: int) -> tuple[dict[str, float], float, int, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        content = generate(Path(tmp), projects, reports)
        out = Path(tmp) / "site"
        settings = load_settings(content)
        theme = load_theme(settings)
        cache = Path(tmp) / "cache"
        times: dict[str, list[float]] = {step: [] for step in STEPS}
        for _ in range(runs + 1):  # the first run draws every chart and warms the file cache
            clock = [time.perf_counter()]
            program = load(content)
            clock.append(time.perf_counter())
            report = analyse(program)
            clock.append(time.perf_counter())
            charts = SiteCharts(report, theme, cache)
            charts.prepare(None)                   # every chart, from the chart cache when warm
            clock.append(time.perf_counter())
            files = render(report, settings, theme, charts)
            clock.append(time.perf_counter())
            write(files, out, Manifest.of(files, ""), fresh=True)
            clock.append(time.perf_counter())
            for step, a, b in zip(STEPS, clock, clock[1:]):
                times[step].append(b - a)
        cold = sum(values[0] for values in times.values())
        medians = {step: statistics.median(values[1:]) for step, values in times.items()}
        peak_kib = int(subprocess.check_output(
            [sys.executable, "-c", PEAK, str(content), str(Path(tmp) / "site2")], cwd=ROOT))
        size = sum(len(data) for data in files.values())
    return medians, cold, peak_kib, len(files), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reports", type=int, default=6)
    parser.add_argument("--sizes", default="100,300,1000")
    args = parser.parse_args()
    print("| projects | files out | site size | load | analyse | charts (warm) | render | write "
          "| whole build, warm | first build, cold charts | peak memory (cold) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in (int(s) for s in args.sizes.split(",")):
        t, cold, peak_kib, files, total = measure(size, args.reports, args.runs)
        whole = sum(t.values())
        print(f"| {size:,} | {files:,} | {total / 2**20:.1f} MiB | {t['load']:.2f} s | "
              f"{t['analyse']:.2f} s | {t['charts']:.2f} s | {t['render']:.2f} s | "
              f"{t['write']:.2f} s | {whole:.2f} s | {cold:.2f} s | {peak_kib / 1024:.0f} MiB |",
              flush=True)


if __name__ == "__main__":
    main()
