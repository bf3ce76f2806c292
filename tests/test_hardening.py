"""The promises of docs/security.md, attacked: nothing from outside the
content is read or published, no asset carries script, nothing Baton did not
write is deleted, the cache is never trusted blindly, and bad input is named.

`baton check`'s side of each has a case in tests/invalid/; these are the
build's, on real folders, real processes and real signals.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import require, run_baton

BATON = Path(sys.executable).parent / "baton"
SECRET = "SECRET-TOKEN-do-not-print"


def build(content: Path, out: Path, *options: str):
    return run_baton(["build", str(content), "-o", str(out), "-q", *options], content.parent)


def published(out: Path) -> str:
    """Every byte of the site, as text."""
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(out.rglob("*"))
                   if p.is_file())


# Nothing from outside the content ---------------------------------------------

@pytest.fixture
def secret(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "config").write_text(f"[credential]\n\ttoken = {SECRET}\n")
    return folder / "config"


@pytest.mark.parametrize("link", ["benefits.yaml", "pages/about.md", "projects/beta",
                                  "projects/beta/status/2026-06-16.md", "assets",
                                  "assets/logo.png", "resources.yaml"])
def test_a_symlink_out_of_the_content_is_named_never_read(minimal_copy: Path, tmp_path: Path,
                                                          secret: Path, link: str):
    target = minimal_copy / link
    if target.is_dir():
        shutil.rmtree(target)
    elif target.exists():
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(secret.parent if link in ("assets", "projects/beta") else secret)
    for fmt in ("text", "github", "json"):
        checked = run_baton(["check", str(minimal_copy), "--format", fmt], tmp_path)
        assert checked.exit_code == 1
        assert "leads outside the content folder" in checked.output
        assert SECRET not in checked.output and "credential" not in checked.output, fmt
    out = tmp_path / "out"
    assert build(minimal_copy, out).exit_code == 1
    assert not out.exists()


def test_a_symlink_inside_the_content_is_followed(minimal_copy: Path, tmp_path: Path):
    (minimal_copy / "assets").mkdir()
    (minimal_copy / "assets" / "about.md").symlink_to(minimal_copy / "pages" / "about.md")
    assert build(minimal_copy, tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "assets" / "about.md").read_bytes() == \
        (minimal_copy / "pages" / "about.md").read_bytes()


def test_dotfiles_in_assets_are_not_published(minimal_copy: Path, tmp_path: Path):
    assets = minimal_copy / "assets"
    (assets / ".git").mkdir(parents=True)
    (assets / ".git" / "config").write_text(SECRET)
    (assets / ".env").write_text(SECRET)
    (assets / "plan.txt").write_text("the plan")
    out = tmp_path / "out"
    assert build(minimal_copy, out).exit_code == 0
    assert (out / "assets" / "plan.txt").is_file()
    assert SECRET not in published(out)


# No asset carries script --------------------------------------------------------

HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="10" height="10" onload="alert(1)">
  <script>alert(2)</script>
  <style>@import url(https://evil.example/x.css);</style>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml" onclick="alert(3)">x</div></foreignObject>
  <a xlink:href="javascript:alert(4)"><rect width="5" height="5" fill="url(https://evil.example/p)"/></a>
  <image href="https://evil.example/track.png"/>
  <set attributeName="onmouseover" to="alert(5)"/>
  <linearGradient id="g"><stop offset="0"/></linearGradient>
  <rect x="5" width="5" height="5" fill="url(#g)" onmouseover="alert(6)"/>
</svg>
"""


def test_an_svg_asset_is_published_without_script(minimal_copy: Path, tmp_path: Path):
    (minimal_copy / "assets").mkdir()
    (minimal_copy / "assets" / "chart.svg").write_text(HOSTILE_SVG)
    out = tmp_path / "out"
    result = build(minimal_copy, out)
    assert result.exit_code == 0, result.output
    assert "SVG published without" in result.output
    svg = (out / "assets" / "chart.svg").read_text()
    for bad in ("<script", "onload", "onclick", "onmouseover", "javascript:", "evil.example",
                "foreignObject", "@import"):
        assert bad not in svg, bad
    assert 'fill="url(#g)"' in svg and "<rect" in svg, "the drawing is kept"
    import xml.etree.ElementTree as ET
    assert ET.fromstring(svg.encode()).tag == "{http://www.w3.org/2000/svg}svg"


def test_a_clean_svg_is_published_byte_for_byte(minimal_copy: Path, tmp_path: Path):
    clean = b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
    (minimal_copy / "assets").mkdir()
    (minimal_copy / "assets" / "logo.svg").write_bytes(clean)
    out = tmp_path / "out"
    assert build(minimal_copy, out).exit_code == 0
    assert (out / "assets" / "logo.svg").read_bytes() == clean


@pytest.mark.parametrize("name", ["page.html", "page.HTM", "app.js", "feed.xml", "x.svgz",
                                  "theme.css", "LICENSE"])
def test_an_asset_that_could_run_script_is_refused(minimal_copy: Path, tmp_path: Path, name):
    (minimal_copy / "assets").mkdir()
    (minimal_copy / "assets" / name).write_text("<script>alert(1)</script>")
    out = tmp_path / "out"
    result = build(minimal_copy, out)
    assert result.exit_code == 1 and f"assets/{name}" in result.output
    assert not out.exists()


# Nothing Baton did not write is deleted ----------------------------------------

def _users_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "public"
    folder.mkdir()
    (folder / "CNAME").write_text("program.example.org\n")
    (folder / "index.html").write_text("<p>my own page</p>")
    (folder / "board").mkdir()
    (folder / "board" / "minutes.docx").write_text("minutes")
    return folder


def _unchanged(folder: Path) -> None:
    assert (folder / "CNAME").read_text() == "program.example.org\n"
    assert (folder / "index.html").read_text() == "<p>my own page</p>"
    assert (folder / "board" / "minutes.docx").read_text() == "minutes"


@pytest.mark.parametrize("marker", [b"", b"This folder is written by Baton", b"\xff\xfe garbage",
                                    b"cut"])
def test_a_marker_baton_cannot_verify_makes_the_folder_not_batons(minimal_copy: Path,
                                                                  tmp_path: Path, marker: bytes):
    folder = _users_folder(tmp_path)
    if marker == b"cut":   # a real manifest, cut short
        built = tmp_path / "built"
        assert build(minimal_copy, built).exit_code == 0
        marker = (built / ".baton").read_bytes()[:-40]
    (folder / ".baton").write_bytes(marker)
    for options in ((), ("--clean",)):
        result = build(minimal_copy, folder, *options)
        assert result.exit_code == 1, result.output
        assert "will not change the folder" in result.output and "-o NEW" in result.output
        _unchanged(folder)


def test_an_older_marker_without_a_manifest_is_not_batons(minimal_copy: Path, tmp_path: Path):
    from generator.publish.output import MARKER_TEXT
    folder = _users_folder(tmp_path)
    (folder / ".baton").write_bytes(MARKER_TEXT)   # what Baton wrote before manifests
    assert build(minimal_copy, folder).exit_code == 1
    _unchanged(folder)


def test_an_edited_manifest_is_refused(minimal_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    assert build(minimal_copy, out).exit_code == 0
    (out / "CNAME").write_text("program.example.org\n")
    marker = out / ".baton"
    text = marker.read_text()
    marker.write_text(text.replace('"files": {', '"files": {"CNAME": ["0", 1], ', 1))
    result = build(minimal_copy, out, "--clean")
    assert result.exit_code == 1 and "checksum" in result.output
    assert (out / "CNAME").is_file()


def test_the_marker_names_no_path_of_this_machine(minimal_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = run_baton(["build", str(minimal_copy.absolute()), "-o", str(out.absolute()), "-q"],
                       minimal_copy.parent)
    assert result.exit_code == 0 and "warning" in result.output   # it holds a warning
    text = (out / ".baton").read_text()
    assert str(tmp_path) not in text and "/tmp" not in text and "/root" not in text
    again = run_baton(["build", str(minimal_copy), "-o", str(out), "-q"], minimal_copy.parent)
    assert "nothing changed" in again.output and "baton.yaml" in again.output, "warnings replayed"


# Interrupted builds leave nothing behind ---------------------------------------

def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def test_a_killed_builds_staging_folder_is_removed_by_the_next(minimal_copy: Path, tmp_path: Path):
    from generator.publish.output import MARKER_TEXT, STAGING_OWNER
    out = tmp_path / "out"
    left = tmp_path / ".out.abc123.new"          # as a SIGKILL mid-write leaves it
    (left / "projects").mkdir(parents=True)
    (left / "index.html").write_text("half a site")
    (left / STAGING_OWNER).write_bytes(MARKER_TEXT + f"{_dead_pid()}\n".encode())
    someone = tmp_path / ".out.mine.new"          # the same name, not Baton's
    someone.mkdir()
    (someone / "notes.txt").write_text("mine")
    running = tmp_path / ".out.live.new"          # a build still running
    running.mkdir()
    (running / STAGING_OWNER).write_bytes(MARKER_TEXT + f"{os.getppid()}\n".encode())
    assert build(minimal_copy, out).exit_code == 0
    assert not left.exists()
    assert (someone / "notes.txt").read_text() == "mine"
    assert running.is_dir()


@pytest.mark.slow
def test_sigterm_stops_a_build_and_leaves_nothing_behind(tmp_path: Path):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate
    content = generate(tmp_path / "program", 60, 3)
    out = tmp_path / "program" / "site"
    first = subprocess.run([str(BATON), "build", str(content), "-o", str(out), "-q", "--no-pdf"],
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (content / "program.yaml").write_text((content / "program.yaml").read_text() + "\n# edit\n")
    process = subprocess.Popen([str(BATON), "build", str(content), "-o", str(out), "--clean",
                                "--pdf"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)   # in the middle of the work
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode in (130, 0), err
    assert "Traceback" not in err
    leftovers = [p.name for p in out.parent.iterdir() if p.name.endswith(".new")]
    assert leftovers == []
    typst = [p for p in Path(os.environ.get("TMPDIR", "/tmp")).glob("baton-typst-*")
             if (p / ".baton-staging").is_file()
             and (p / ".baton-staging").read_text().strip().endswith(str(process.pid))]
    assert typst == []
    if process.returncode == 130:
        assert "build stopped" in err
        assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


# The output never overlaps the content or the cache -------------------------------

@pytest.mark.parametrize("where", ["content/assets/site", ".", "content", ".baton-cache/site"])
def test_the_output_may_not_hold_or_sit_in_the_content_or_cache(minimal_copy: Path, where: str):
    root = minimal_copy.parent
    (root / ".baton-cache").mkdir(exist_ok=True)
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = run_baton(["build", "content", "-o", where, "-q"], root)
    assert result.exit_code == 1, result.output
    assert any(
        words in result.output for words in ("inside the", "holds the", "is the content")
    ), result.output
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


@pytest.mark.slow
def test_two_first_builds_at_once_both_succeed(minimal_copy: Path, tmp_path: Path):
    for attempt in range(3):
        out = tmp_path / f"out{attempt}"
        runs = [subprocess.Popen([str(BATON), "build", str(minimal_copy), "-o", str(out), "-q",
                                  "--cache-dir", str(tmp_path / f"cache{attempt}-{i}")],
                                 stderr=subprocess.PIPE, text=True) for i in range(2)]
        results = [(run.wait(timeout=60), run.stderr.read()) for run in runs]
        for code, err in results:
            assert code == 0 and "part old" not in err, err
        assert (out / "index.html").is_file()
        assert run_baton(["build", str(minimal_copy), "-o", str(out), "-q"],
                         tmp_path).exit_code == 0


# The cache is verified --------------------------------------------------------------

def _cache_files(cache: Path, kind: str) -> list[Path]:
    return [p for p in (cache / kind).rglob("*") if p.is_file() and not p.name.startswith(".")]


def test_cut_cache_entries_are_made_again_with_a_warning(minimal_copy: Path, tmp_path: Path):
    out, again = tmp_path / "out", tmp_path / "again"
    cache = minimal_copy.parent / ".baton-cache"
    assert build(minimal_copy, out, "--pdf").exit_code == 0
    cut = 0
    for kind in ("pages", "pdfs", "charts", "projects"):
        for entry in _cache_files(cache, kind):
            entry.write_bytes(entry.read_bytes()[:100])
            cut += 1
    assert cut > 10
    result = build(minimal_copy, again, "--pdf")
    assert result.exit_code == 0, result.output
    assert "damaged cache entries were made again" in result.output
    for page in out.rglob("*"):
        if page.is_file() and page.name != ".baton":
            assert (again / page.relative_to(out)).read_bytes() == page.read_bytes(), page


def test_garbled_compiled_templates_are_compiled_again(minimal_copy: Path, tmp_path: Path):
    cache = minimal_copy.parent / ".baton-cache"
    assert build(minimal_copy, tmp_path / "out").exit_code == 0
    from jinja2.bccache import bc_magic
    entries = _cache_files(cache, "templates")
    assert entries
    for entry in entries:   # Jinja's own header kept, what follows it garbled
        raw = entry.read_bytes()
        start = raw.index(bc_magic) + len(bc_magic)
        entry.write_bytes(raw[:start] + b"\x80\x04\x95\xff\xfe garbage" * 10)
    (minimal_copy / "pages" / "about.md").write_text("---\ntitle: About\n---\nChanged.\n")
    result = build(minimal_copy, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "theme" not in result.output.lower()


def test_a_cache_deleted_during_a_build_is_survived(minimal_copy: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    stop = threading.Event()

    def delete():
        while not stop.is_set():
            shutil.rmtree(cache, ignore_errors=True)
            time.sleep(0.005)

    deleter = threading.Thread(target=delete)
    deleter.start()
    try:
        for attempt in range(3):
            result = run_baton(["build", str(minimal_copy), "-o", str(tmp_path / f"o{attempt}"),
                                "-q", "--pdf", "--cache-dir", str(cache)], tmp_path)
            assert result.exit_code == 0, result.output
    finally:
        stop.set()
        deleter.join()


# Bad input is named ---------------------------------------------------------------

def test_a_file_name_cannot_steer_the_terminal(minimal_copy: Path, tmp_path: Path):
    (minimal_copy / "pages" / "x\x1b[2J\x1b[1;1Hok.md").write_text("---\ntitle: X\n---\n")
    for fmt in ("text", "github"):
        result = run_baton(["check", str(minimal_copy), "--format", fmt], tmp_path)
        assert result.exit_code == 1
        assert "\x1b" not in result.output and "\\x1b[2J" in result.output
    data = json.loads(run_baton(["check", str(minimal_copy), "--format", "json"], tmp_path).output)
    assert any("\x1b" in d["file"] for d in data["diagnostics"]), "JSON keeps it, escaped by JSON"


@pytest.mark.parametrize("theme", ["/", "/proc/sys", "no-such-folder", "content/program.yaml"])
def test_a_theme_that_is_not_a_theme_is_named(minimal_copy: Path, theme: str):
    root = minimal_copy.parent
    (root / "baton.yaml").write_text(f"theme: {theme}\n")
    started = time.perf_counter()
    result = run_baton(["build", "content", "-o", "out", "-q"], root)
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1 and "baton.yaml:1:8: error: theme:" in result.output, result.output
    assert "Traceback" not in result.output
    cli = run_baton(["build", "content", "-o", "out", "-q", "--theme", theme], root)
    assert cli.exit_code == 2 and "--theme" in cli.output


def _without_privilege() -> list[str]:
    """What to run a command under so file permissions hold for it: as
    root, without the capabilities that let root read any file (setpriv,
    from util-linux); otherwise nothing."""
    if os.geteuid() != 0:
        return []
    require(shutil.which("setpriv") is not None, "setpriv", "apt-get install util-linux")
    return ["setpriv", "--bounding-set=-all", "--inh-caps=-all", "--"]


def test_an_unreadable_folder_or_file_is_named_without_a_traceback(tmp_path: Path):
    from conftest import MINIMAL
    root = tmp_path / "pmo"
    shutil.copytree(MINIMAL, root)
    (root / "content" / "projects" / "beta" / "status").chmod(0o000)
    (root / "content" / "pages" / "about.md").chmod(0o000)
    for args in (["check", "content"], ["build", "content", "-o", "site", "--cache-dir", ""]):
        done = subprocess.run([*_without_privilege(), str(BATON), *args], cwd=root,
                              capture_output=True, text=True)
        assert done.returncode == 1, done.stdout + done.stderr
        text = done.stdout + done.stderr
        assert "projects/beta/status:1:1: error: cannot read folder: Permission denied" in text
        assert "pages/about.md:1:1: error: cannot read file: Permission denied" in text
        assert "Traceback" not in text
