"""HTML printed to PDF by a headless Chromium (Chromium, Google Chrome or Microsoft Edge): what `plan
rapport --format pdf` writes.

The page says everything about its print itself (A4, margins, "Side X af Y" and the title in the
margins: CSS page margin boxes, which Chromium draws from version 131); the browser is told only to
print without its own header and footer, which would add the time of printing and the page's
`file://` address. The page is written to a private temporary folder together with a throwaway
browser profile, so a browser the user has open is neither used nor disturbed. Nothing here reads the
clock or the network: the page has no external resources and no script.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from baeredygtig_cli.errors import PlanError, os_error_text

BROWSER_VARIABLE = "PLAN_CHROMIUM"  # the browser to print with, where it is not found by itself
NAMES = (
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge",
    "microsoft-edge", "microsoft-edge-stable",
)  # fmt: skip
MARGIN_BOXES = 131  # the first Chromium that draws CSS page margin boxes (the page numbers)
TIMEOUT = 120  # seconds: a browser that has not printed by then will not
INSTALL_HINT = (
    "installér Chromium (fx 'apt install chromium'), Google Chrome eller Microsoft Edge, eller sæt "
    f"{BROWSER_VARIABLE} til browserens sti; ellers skriv --format html og udskriv siden fra en browser"
)


def _installed_places() -> list[Path]:
    """Where Chrome, Edge and Chromium install themselves outside PATH: Windows and macOS."""
    places: list[Path] = []
    for variable in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        root = os.environ.get(variable)
        if root:
            places += [
                Path(root) / "Google" / "Chrome" / "Application" / "chrome.exe",
                Path(root) / "Microsoft" / "Edge" / "Application" / "msedge.exe",
                Path(root) / "Chromium" / "Application" / "chrome.exe",
            ]
    for app in ("Google Chrome", "Chromium", "Microsoft Edge"):
        places.append(Path("/Applications") / f"{app}.app" / "Contents" / "MacOS" / app)
    return places


def find_browser() -> str:
    """The browser to print with: $PLAN_CHROMIUM, else the first of `NAMES` on PATH, else one
    installed in its usual place; one Danish line saying how to get one when there is none."""
    chosen = os.environ.get(BROWSER_VARIABLE)
    if chosen:
        found = shutil.which(chosen)
        if found is None:
            raise PlanError(f"{BROWSER_VARIABLE} peger på {chosen!r}, som ikke findes eller ikke kan køres")
        return found
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    for place in _installed_places():
        if place.is_file():
            return str(place)
    raise PlanError(f"pdf kræver en Chromium-browser, og der er ingen her: {INSTALL_HINT}")


def browser_version(browser: str) -> int | None:
    """The browser's major version by `--version`, or None where it does not say (Chrome on Windows
    prints nothing)."""
    try:
        done = subprocess.run(
            [browser, "--version"], capture_output=True, timeout=30, check=False, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(rb"(\d+)\.\d+\.\d+", done.stdout)
    return int(found.group(1)) if found else None


def arguments(browser: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    """The command line that prints `page` to `pdf`: headless, a throwaway profile, nothing fetched,
    and none of the browser's own header and footer (both spellings: Chromium renamed the switch).
    As root Chromium refuses to start sandboxed; the page it opens is our own, without script."""
    sandbox = ["--no-sandbox"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return [
        browser, "--headless", *sandbox, "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--mute-audio", f"--user-data-dir={profile}",
        "--no-pdf-header-footer", "--print-to-pdf-no-header", f"--print-to-pdf={pdf}", page.as_uri(),
    ]  # fmt: skip


def print_pdf(html: bytes, *, warn: bool = True) -> bytes:
    """`html` printed to PDF; one Danish line for a browser that is missing, fails or hangs. A browser
    too old to draw page margin boxes still prints, and `warn` says on stderr that the page numbers
    are missing."""
    browser = find_browser()
    version = browser_version(browser)
    if warn and version is not None and version < MARGIN_BOXES:
        print(
            f"plan: {Path(browser).name} {version} sætter ikke sidetal (det kræver version {MARGIN_BOXES} "
            "eller nyere); PDF'en er skrevet uden",
            file=sys.stderr,
        )
    with tempfile.TemporaryDirectory(prefix="plan-rapport-") as folder:
        page, pdf, profile = (Path(folder) / name for name in ("rapport.html", "rapport.pdf", "profil"))
        page.write_bytes(html)
        try:
            done = subprocess.run(
                arguments(browser, page, pdf, profile),
                capture_output=True,
                timeout=TIMEOUT,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise PlanError(f"{Path(browser).name} har ikke skrevet PDF'en på {TIMEOUT} sekunder") from None
        except OSError as error:
            raise PlanError(f"{Path(browser).name} kan ikke startes ({os_error_text(error)})") from None
        data = pdf.read_bytes() if pdf.is_file() else b""
        if not data.startswith(b"%PDF"):
            raise PlanError(
                f"{Path(browser).name} skrev ingen PDF (exit {done.returncode}); prøv --format html og "
                "udskriv siden fra en browser"
            )
        return data
