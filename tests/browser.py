"""A real headless browser for the tests: Debian's chromium and chromedriver, driven by Selenium.

Install them with ``apt-get install -y chromium chromium-driver`` and ``pip install selenium``.
Both paths are given explicitly, so Selenium Manager never looks for (or downloads) a
browser or a driver; Chromium starts with a fresh profile and its background
networking, component updates and sync turned off.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

__all__ = ["CHROMEDRIVER", "CHROMIUM", "chromium", "missing", "severe_logs"]


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        return f"needs {CHROMIUM} and {CHROMEDRIVER}: apt-get install -y chromium chromium-driver"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "needs selenium: pip install selenium (the [test] extra)"
    return None


@contextmanager
def chromium(*, width: int = 1200, height: int = 900, javascript: bool = True) -> Iterator[Any]:
    """A headless Chromium WebDriver with a throw-away profile; browser console logs kept at ALL.

    ``javascript=False`` turns off the pages' own scripts (WebDriver's ``execute_script`` still works).
    """
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="newsweave-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--no-default-browser-check",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def severe_logs(driver: Any) -> list[dict]:
    """Browser console entries of level SEVERE since the last call (errors, CSP violations, failed loads)."""
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
