"""An executed notebook opens in JupyterLab with jupyterlab-myst and shows its computed values in place.

JupyterLab is started on a free local port over the built project's executed notebooks; headless
Chromium opens the arrivals section; a Markdown cell must show the peak number of arrivals, read here
from the section's findings (not typed), and no ``{eval}`` placeholder may be left visible.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import needs_chromium

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(built, tmp_path):
    # JupyterLab may write beside the notebooks it opens (.ipynb_checkpoints/): it serves a copy, not the shared build
    notebooks = shutil.copytree(built / "reports" / "notebooks", tmp_path / "notebooks")
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.token=",
            "--ServerApp.password=",
            "--allow-root",
            f"--ServerApp.root_dir={notebooks}",
            "--LabApp.news_url=None",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        stdout=(tmp_path / "lab.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(360):  # JupyterLab can take a while to start on a loaded two-core machine
        try:
            urllib.request.urlopen(f"{url}/api", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("JupyterLab did not start: " + (tmp_path / "lab.log").read_text()[-2000:])
    yield url
    # stopping the server is not what is tested: after SIGTERM it can hang "shutting down extensions" for a minute
    # (no kernel runs: the page only renders the stored values), so it gets a few seconds, then it is killed
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@needs_chromium
def test_executed_notebook_shows_inline_values_in_jupyterlab(built, lab, browser):
    findings = json.loads((built / "data" / "processed" / "findings_arrivals.json").read_text())
    peak = findings["peak_arrivals"]["text"]
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{lab}/lab/tree/20_arrivals.ipynb")
    page.locator(".jp-MarkdownCell").nth(2).wait_for(timeout=180_000)
    texts = []
    for _ in range(240):  # the MyST renderer fills in the values asynchronously
        texts = page.locator(".jp-MarkdownCell").all_inner_texts()
        # done when the value shows and no cell still shows a placeholder (cells render one by one)
        if any(peak in t for t in texts) and not any("{eval}" in t for t in texts):
            break
        page.wait_for_timeout(500)
    assert any(peak in t for t in texts), texts[:4]
    assert not any("{eval}" in t for t in texts), [t[:200] for t in texts if "{eval}" in t]
