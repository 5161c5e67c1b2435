"""A real headless Chromium and a real ``orgraph serve``, for the browser tests and the benchmark.

Debian's ``chromium`` and ``chromium-driver`` (``make system`` installs them)
driven by Selenium, pointed at the system binaries so nothing is downloaded.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
DRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def _first(paths: tuple[str, ...], name: str) -> str | None:
    for p in paths:
        if Path(p).exists():
            return p
    return shutil.which(name)


def missing() -> str | None:
    """Why a browser cannot run here, or None."""
    if not _first(CHROMIUM, "chromium"):
        return "Debian's chromium is not installed (make system installs it)"
    if not _first(DRIVER, "chromedriver"):
        return "Debian's chromium-driver is not installed (make system installs it)"
    return None


def chromium(width: int = 1280, height: int = 800):
    """A headless Chromium WebDriver with a ``width`` x ``height`` window."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = _first(CHROMIUM, "chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={width},{height}", "--lang=en-GB", "--no-first-run",
                "--disable-background-networking", "--disable-component-update"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=_first(DRIVER, "chromedriver")), options=opts)
    # --window-size counts the (invisible) browser frame: make the page itself width x height.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    return driver


class Served:
    """A running ``orgraph serve``: its URL with the token, and the base URL without it."""

    def __init__(self, proc: subprocess.Popen, url: str):
        self.proc, self.url = proc, url
        self.base = url.split("/?", 1)[0]
        self.token = url.split("token=", 1)[1]
        self.port = int(self.base.rsplit(":", 1)[1])


@contextmanager
def serve(*args: str, env: dict | None = None, timeout: float = 120.0) -> Iterator[Served]:
    """``orgraph serve --port 0 ARGS`` as a subprocess, until the block ends."""
    cmd = [sys.executable, "-m", "graph.cli", "serve", "--port", "0", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    try:
        deadline = time.monotonic() + timeout
        url = None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            m = re.search(r"(http://127\.0\.0\.1:\d+/\?token=[\w-]+)", line)
            if m:
                url = m.group(1)
                break
        if url is None:
            proc.kill()
            raise RuntimeError(f"orgraph serve did not start: {proc.stderr.read()[-2000:]}")
        yield Served(proc, url)
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
