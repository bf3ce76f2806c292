"""Turn the UK Government Major Projects Portfolio (GMPP) 2023 data into a
Baton content folder: real, messy project records for tests and demos.

    python bench/gmpp.py OUT_DIR [--csv ../shared/data/real/uk-gmpp/uk_2023.csv]

Each row becomes a project (its GMPP id made into a Baton id) with one
status report at the data's as-of date (31 March 2023): the Delivery
Confidence Assessment as `overall`, the department's narratives as the body.
Rows whose dates are withheld (FOI exemptions, "early planning") are
skipped, and counted: Baton does not invent dates. The source data is Crown
copyright under the Open Government Licence v3.0 (see its SOURCE.md).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
from pathlib import Path

import yaml

AS_OF = dt.date(2023, 3, 31)
DEFAULT_CSV = Path(__file__).resolve().parents[2] / "shared/data/real/uk-gmpp/uk_2023.csv"
RATINGS = {"green": "green", "amber/green": "amber-green", "amber": "amber",
           "amber/red": "amber-red", "red": "red"}


def _date(text: str):
    match = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", text.strip())
    if not match:
        return None
    try:
        return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def _money(text: str):
    try:
        return round(float(text.replace(",", "").strip()) * 1_000_000)
    except ValueError:
        return None


def _clean(text: str) -> str:
    return re.sub(r"[ \u00a0]+", " ", text).strip()


def _id(project_number: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", project_number.lower()).strip("-")
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def convert(out: Path, csv_path: Path = DEFAULT_CSV) -> tuple[Path, int, int]:
    """Write ``out/content``; returns (content folder, projects written, rows skipped)."""
    text = csv_path.read_bytes().decode("cp1252", errors="replace")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, body = rows[0], rows[1:]
    content = out / "content"
    (content / "projects").mkdir(parents=True, exist_ok=True)
    (content / "program.yaml").write_text(yaml.safe_dump({
        "name": "UK Government Major Projects Portfolio 2023",
        "objective": "Deliver the government's largest projects to time, cost and quality",
        "summary": "Converted from the Infrastructure and Projects Authority's 2023 GMPP data "
                   "(Crown copyright, Open Government Licence v3.0).",
        "as_of": AS_OF.isoformat(),
        "currency": "GBP",
    }, sort_keys=False, allow_unicode=True), encoding="utf-8")
    taken: set[str] = set()
    written = skipped = 0
    for row in body:
        cells = dict(zip(header, row))  # the second 'colour_rating' wins here: take both below
        start, finish = _date(row[9]), _date(row[10])
        if start is None or finish is None or finish < start:
            skipped += 1
            continue
        project_id = _id(row[1], taken)
        project = {
            "name": _clean(row[2]) or row[1],
            "code": row[1],
            "summary": _clean(row[5]),
            "manager": f"Senior Responsible Owner, {_clean(row[3])}",
            "phase": "delivery",
            "tags": [_clean(row[3]), _clean(row[4])],
            "start": start.isoformat(),
            "finish": {"baseline": finish.isoformat()},
        }
        whole_life = _money(cells.get("wlc_baseline_incl_NCG", ""))
        if whole_life is not None and whole_life >= 0:
            project["budget"] = {"baseline": whole_life}
        folder = content / "projects" / project_id
        (folder / "status").mkdir(parents=True)
        (folder / "project.yaml").write_text(
            yaml.safe_dump(project, sort_keys=False, allow_unicode=True), encoding="utf-8")
        rating = RATINGS.get((row[6] or row[7]).strip().lower())
        if rating:
            comment = _clean(row[8])
            front = {"overall": rating, "headline": comment.split(". ")[0][:200]}
            report = "\n\n".join(f"## {title}\n\n{row[i].strip()}" for title, i in
                                 (("Delivery confidence", 8), ("Schedule", 11), ("Budget", 16))
                                 if row[i].strip())
            (folder / "status" / f"{AS_OF}.md").write_text(
                "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=10**6)
                + "---\n" + report + "\n", encoding="utf-8")
        written += 1
    return content, written, skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    args = parser.parse_args()
    content, written, skipped = convert(args.out, args.csv)
    print(f"{content}: {written} projects, {skipped} rows skipped (dates withheld)")


if __name__ == "__main__":
    main()
