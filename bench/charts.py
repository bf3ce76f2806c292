"""Benchmark: charts per second, cold and warm.

For synthetic programs (bench/generate.py), plans every chart and draws them
three ways: cold in this process only, cold with worker processes (what a
build does), and warm from the disk cache. Prints a Markdown table for
docs/performance.md:

    .venv/bin/python bench/charts.py --sizes 100,300
"""

from __future__ import annotations

import argparse
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
from generator.charts import draw as drawing  # noqa: E402
from generator.charts.plan import plan_charts  # noqa: E402
from generator.look.theme import load_theme  # noqa: E402
from generator.settings import load_settings  # noqa: E402


def timed(fn) -> float:
    clock = time.perf_counter()
    fn()
    return time.perf_counter() - clock


def measure(projects: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        content = generate(Path(tmp), projects, 6)
        theme = load_theme(load_settings(content))
        report = analyse(load(content))
        plan_charts(report, theme)  # Altair's import and each kind's spec, once
        charts: dict = {}
        plan = timed(lambda: charts.update(plan_charts(report, theme)))
        drawing.draw({}, theme, None)
        drawing._register_fonts(theme.font_dirs)
        drawing._to_svg(next(c.spec for c in charts.values() if "plot" not in c.spec))  # start vl-convert
        serial_min = drawing.PARALLEL_MIN_CHARTS
        drawing.PARALLEL_MIN_CHARTS = 10**9
        serial = timed(lambda: drawing.draw(charts, theme, Path(tmp) / "serial"))
        drawing.PARALLEL_MIN_CHARTS = serial_min
        cold = timed(lambda: drawing.draw(charts, theme, Path(tmp) / "cache"))
        warm = timed(lambda: drawing.draw(charts, theme, Path(tmp) / "cache"))
        return {"charts": len(charts), "plan": plan, "serial": serial, "cold": cold, "warm": warm}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,300")
    args = parser.parse_args()
    print("| projects | charts | plan specs | cold, one process | cold, workers | warm (cache) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in (int(s) for s in args.sizes.split(",")):
        m = measure(size)
        n = m["charts"]

        def rate(seconds: float, n: int = n) -> str:
            return f"{seconds:.2f} s ({n / seconds:,.0f}/s)"

        print(f"| {size:,} | {n:,} | {rate(m['plan'])} | {rate(m['serial'])} | {rate(m['cold'])} | "
              f"{rate(m['warm'])} |", flush=True)


if __name__ == "__main__":
    main()
