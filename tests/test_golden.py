"""Golden output: the demo site, file for file, against tests/golden/demo/.

The PDFs are checked by their SHA-256 (``demo-pdfs.sha256``): Typst uses
the theme's fonts and no other, so they are the same bytes on every machine,
this one, CI's and a bare one alike (test_pdf.py reads them back). The
manifest, ``.baton``, is left out: it holds the key of the build's inputs,
which Baton's own code is part of (test_incremental.py checks it).

After a deliberate change to the theme, the analysis or the demo content,
regenerate it with one command and review the diff in git:

    BATON_REGEN=1 .venv/bin/python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import hashlib
import os
import shutil
from pathlib import Path

from conftest import TESTS

GOLDEN = TESTS / "golden" / "demo"
PDF_HASHES = TESTS / "golden" / "demo-pdfs.sha256"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix != ".pdf" and p.name != ".baton"}


def test_demo_site_matches_golden(demo_site: Path):
    if os.environ.get("BATON_REGEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(demo_site, GOLDEN, ignore=shutil.ignore_patterns("*.pdf", ".baton"))
    built, golden = _files(demo_site), _files(GOLDEN)
    assert sorted(built) == sorted(golden), "files differ; regenerate: see this module's docstring"
    for rel, data in built.items():
        if data != golden[rel]:
            diff = difflib.unified_diff(golden[rel].decode().splitlines(), data.decode().splitlines(),
                                        f"golden/{rel}", f"built/{rel}", lineterm="", n=2)
            raise AssertionError("\n".join(list(diff)[:60]) + "\n(regenerate: see module docstring)")


def _pdf_hashes(site: Path) -> str:
    return "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(site).as_posix()}\n"
                   for p in sorted(site.rglob("*.pdf")))


def test_demo_pdfs_are_the_same_bytes_on_every_machine(demo_site: Path):
    if os.environ.get("BATON_REGEN"):
        PDF_HASHES.write_text(_pdf_hashes(demo_site))
    assert _pdf_hashes(demo_site) == PDF_HASHES.read_text(), \
        "the PDFs differ from the committed ones; regenerate: see this module's docstring"
