"""`baton serve`: the real command on a free port, edited while it runs."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from conftest import MINIMAL

BATON = Path(sys.executable).parent / "baton"
WITHIN = 15.0   # seconds an edit may take to show (a rebuild of the minimal site takes about one)


class Served:
    """A running `baton serve` and everything it printed."""

    def __init__(self, root: Path, *options: str):
        self.root = root
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [str(BATON), "serve", "content", "--port", "0", *options], cwd=root,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        line = self.wait_for_line(r"serving content/ at (http://\S+) ")
        self.url = re.search(r"at (http://\S+) ", line).group(1)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, pattern: str) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for line in self.lines:
                if re.search(pattern, line):
                    return line
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no line like {pattern!r} in:\n" + "\n".join(self.lines))

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode()
        except HTTPError as exc:
            return exc.code, exc.read().decode()

    def until(self, path: str, test) -> tuple[int, str]:
        """GET ``path`` until ``test(status, text)`` holds; fail after WITHIN s."""
        deadline = time.monotonic() + WITHIN
        while True:
            status, text = self.get(path)
            if test(status, text):
                return status, text
            if time.monotonic() > deadline:
                raise AssertionError(f"{path}: still {status} after {WITHIN} s:\n{text[:2000]}\n"
                                     + "\n".join(self.lines))
            time.sleep(0.1)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=20)


@pytest.fixture
def site(tmp_path: Path):
    shutil.copytree(MINIMAL / "content", tmp_path / "content")
    served = Served(tmp_path)
    yield served
    if served.process.poll() is None:
        served.stop()


def test_an_edited_status_report_is_served_within_seconds(site: Served):
    status, page = site.get("projects/beta/")
    assert status == 200 and "reload.js" in page
    report = site.root / "content/projects/beta/status/2026-06-16.md"
    report.write_text(report.read_text() + "\nA sentence written while serving.\n")
    site.until("projects/beta/", lambda status, text: "A sentence written while serving." in text)


def test_broken_yaml_shows_the_errors_until_it_is_fixed(site: Served):
    program = site.root / "content/program.yaml"
    good = program.read_text()
    program.write_text(good.replace("objective:", "objective: [unclosed", 1))
    status, page = site.until("", lambda status, text: "Build failed" in text)
    assert status == 500
    assert re.search(r"content/program\.yaml:3:6: error: YAML syntax error", page), page
    assert "reload.js" in page                          # it reloads itself once fixed
    status, page = site.get("projects/alpha/")
    assert "Build failed" in page                       # every page says so
    program.write_text(good)
    site.until("", lambda status, text: status == 200 and "Minimal Program" in text)
    assert site.process.poll() is None                  # it never stopped


def test_the_long_poll_answers_when_a_build_finishes(site: Served):
    generation = re.search(r"generation=(\d+)", site.get()[1]).group(1)
    answer: list[str] = []
    waiting = threading.Thread(target=lambda: answer.append(
        site.get(f"__baton__/changes?since={generation}")[1]))
    waiting.start()
    time.sleep(0.5)
    assert answer == []                                  # it waits for a change
    page = site.root / "content/pages/about.md"
    page.write_text(page.read_text() + "\nMore.\n")
    waiting.join(WITHIN)
    assert answer and f'"generation": {int(generation) + 1}' in answer[0]


def test_stopping_removes_its_temporary_site(site: Served):
    folder = Path(re.search(r"into (\S+)/ in", site.wait_for_line(r"^built ")).group(1))
    assert (folder / "index.html").is_file()
    assert site.stop() == 0
    assert not folder.exists()


def test_served_at_the_path_of_the_base_url(tmp_path: Path):
    shutil.copytree(MINIMAL / "content", tmp_path / "content")
    served = Served(tmp_path, "--base-url", "https://example.org/reports/")
    try:
        assert served.url.endswith("/reports/")
        root = served.url[: -len("reports/")]
        with urlopen(root, timeout=10) as response:      # / redirects to the site
            assert response.url == served.url
        status, page = served.get("404.html")
        assert status == 200 and 'href="/reports/static/baton.css"' in page
        assert served.get("static/baton.css")[0] == 200
    finally:
        served.stop()


def test_the_browser_reloads_by_itself(site: Served, browser):
    """A real browser: the page's policy lets the reload script run, and an
    edit shows without anyone pressing reload."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.goto(site.url + "projects/beta/")
    report = site.root / "content/projects/beta/status/2026-06-16.md"   # has no headline
    report.write_text(report.read_text().replace("---\n", "---\nheadline: Seen without reload.\n", 1))
    page.get_by_text("Seen without reload.").first.wait_for(timeout=WITHIN * 1000)
    assert problems == []
    page.close()


# What another web page, or a malformed request, gets -------------------------

def _raw(url: str, path: str, host: str) -> tuple[int, bytes]:
    """A GET of ``path`` sent as it is, with ``host`` as the Host header."""
    import http.client
    from urllib.parse import urlsplit
    where = urlsplit(url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


def test_a_page_under_another_host_name_learns_nothing(site: Served):
    """DNS rebinding: a web page points its own name at 127.0.0.1 and reads
    the preview with the Host header of its name. Only localhost is answered."""
    port = site.url.split(":")[2].split("/")[0]
    assert _raw(site.url, "/", f"127.0.0.1:{port}")[0] == 200
    assert _raw(site.url, "/", f"localhost:{port}")[0] == 200
    status, body = _raw(site.url, "/", f"attacker.example:{port}")
    assert status == 421 and b"Alpha" not in body
    assert _raw(site.url, "/data/report.json", "attacker.example")[0] == 421


def test_a_malformed_request_gets_400_and_no_traceback(site: Served):
    port = site.url.split(":")[2].split("/")[0]
    for path in ("/%00", "/index.html%00.png", "/%ff%fe", "/..%2f..%2fetc/passwd", "/a\\..\\b"):
        assert _raw(site.url, path, f"127.0.0.1:{port}")[0] in (400, 404), path
    assert site.get("")[0] == 200, "the server still answers"
    site.stop()
    assert not any("Traceback" in line for line in site.lines), site.lines


def test_a_folder_the_build_refused_is_never_served(tmp_path: Path):
    shutil.copytree(MINIMAL / "content", tmp_path / "content")
    mine = tmp_path / "mine"
    (mine / ".git").mkdir(parents=True)
    (mine / ".git" / "config").write_text("[credential] token = s3cret\n")
    (mine / "index.html").write_text("<p>my own page</p>")
    served = Served(tmp_path, "-o", "mine")
    try:
        assert any("not made by Baton" in line for line in served.lines)
        for path in ("", ".git/config", "index.html"):
            status, text = served.get(path)
            assert status in (404, 500) and "s3cret" not in text and "my own page" not in text, path
    finally:
        served.stop()
    assert (mine / ".git" / "config").read_text() == "[credential] token = s3cret\n"


def test_only_what_the_build_wrote_is_served(site: Served, tmp_path: Path):
    assert site.get("data/report.json")[0] == 200
    assert site.get(".baton")[0] == 404, "the manifest is not part of the site"
    status, _ = site.get("projects/alpha")
    assert status == 200, "a folder redirects to its index"
