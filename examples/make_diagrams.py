"""Make the example diagrams and the README's pictures with the project's own commands.

    python examples/make_diagrams.py

Writes examples/diagram-2016.html, examples/diagram-2024.html, examples/diagram-2016.svg,
examples/diagram-2016.png, examples/diagram-2016.mmd, examples/timeline-russia.svg, and
docs/img/diagram-2016.png (the static figure) and docs/img/page-2016.png (a screenshot of the
page in headless Chromium, when Playwright and /usr/bin/chromium are there).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
IMG = REPO / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"


def actorgraph(*args: str) -> None:
    """Run one actorgraph command, as a reader would type it."""
    print("actorgraph", " ".join(args))
    subprocess.run([sys.executable, "-m", "actorgraph", *args], check=True, cwd=REPO)


def screenshot(page: Path, png: Path, year: int) -> bool:
    """A screenshot of the page at a year, in headless Chromium with the network off."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("skipped the page screenshot: playwright is not installed")
        return False
    if not Path(CHROMIUM).exists():
        print(f"skipped the page screenshot: no Chromium at {CHROMIUM}")
        return False
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        context = browser.new_context(viewport={"width": 1400, "height": 860}, offline=True)
        tab = context.new_page()
        tab.goto(page.resolve().as_uri())
        tab.wait_for_function("window.actorgraph && window.actorgraph.status.drawn")
        tab.evaluate("y => window.actorgraph.setYear(y)", year)
        spot = tab.evaluate("window.actorgraph.where('russia')")
        tab.mouse.click(spot["x"], spot["y"])  # the side panel lists Russia's relations that year with their sources
        tab.mouse.move(spot["x"] - 300, spot["y"] - 350, steps=5)  # off the actor, to an empty corner: no tooltip
        tab.wait_for_timeout(300)
        tab.screenshot(path=str(png))
        browser.close()
    print(f"screenshot {png.relative_to(REPO)}")
    return True


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    for year in (2016, 2024):
        actorgraph("diagram", "--in", str(year), "-o", f"examples/diagram-{year}.html")
    actorgraph("diagram", "--in", "2016", "-o", "examples/diagram-2016.svg")
    actorgraph("diagram", "--in", "2016", "-o", "examples/diagram-2016.png")
    actorgraph("diagram", "--in", "2016", "--format", "mermaid", "-o", "examples/diagram-2016.mmd")
    actorgraph("timeline", "Russia", "-o", "examples/timeline-russia.svg")
    shutil.copyfile(HERE / "diagram-2016.png", IMG / "diagram-2016.png")
    screenshot(HERE / "diagram-2016.html", IMG / "page-2016.png", 2016)


if __name__ == "__main__":
    main()
