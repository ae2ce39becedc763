"""Headless Chromium for the report tests: the rendered DOM and screenshots of a page.

Chromium is the Debian package ``chromium`` (``/usr/bin/chromium``); ``.ci/run`` installs
it when it is missing, so a test that needs it fails loudly rather than skipping.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

CANDIDATES: tuple[str, ...] = ("/usr/bin/chromium", "chromium", "chromium-browser")
FLAGS: tuple[str, ...] = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--hide-scrollbars", "--disable-dev-shm-usage",
)
# Time the page's scripts (MathJax) get before the DOM is read, in virtual milliseconds.
SCRIPT_BUDGET_MS = 20_000


def chromium_binary() -> str:
    """Path of the Chromium binary.

    Raises
    ------
    AssertionError
        When Chromium is not installed (``apt-get install -y chromium``; ``.ci/run`` does it).
    """
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError("chromium is not installed: `apt-get install -y chromium` "
                         "(.ci/run installs it when missing)")


def _run(page: Path, *extra: str, timeout: int = 120) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run(
            [chromium_binary(), *FLAGS, f"--user-data-dir={profile}",
             f"--virtual-time-budget={SCRIPT_BUDGET_MS}", *extra, Path(page).resolve().as_uri()],
            capture_output=True, text=True, timeout=timeout, check=False,
        )


def rendered_dom(page: Path) -> str:
    """The DOM of ``page`` (a local HTML file) after its scripts ran, as HTML text."""
    proc = _run(page, "--dump-dom")
    assert proc.returncode == 0 and proc.stdout.strip(), (
        f"chromium --dump-dom {page} failed: {proc.stderr.strip()[-500:]}"
    )
    return proc.stdout


def screenshot(page: Path, png: Path, *, width: int = 1280, height: int = 4000) -> Path:
    """A PNG of ``page`` rendered at ``width`` x ``height`` CSS pixels."""
    png = Path(png).resolve()
    proc = _run(page, f"--screenshot={png}", f"--window-size={width},{height}")
    assert proc.returncode == 0 and png.is_file(), (
        f"chromium --screenshot {page} failed: {proc.stderr.strip()[-500:]}"
    )
    return png
