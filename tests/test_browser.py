"""The diagram page in a real headless Chromium, network off: it draws, follows the slider, runs no data."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from actorgraph.ask.questions import all_relations
from actorgraph.model.dates import Period
from actorgraph.store.graph import ActorGraph

HOSTILE = Path(__file__).resolve().parent / "data" / "hostile.toml"
HOSTILE_LABEL = "<img src=x onerror=alert(1)>"

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium; .ci/run does)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"), args=ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Opened:
    """A page opened from a file, with what it logged, threw, asked the network for and popped up."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def edges(self) -> list[dict[str, Any]]:
        edges: list[dict[str, Any]] = self.page.evaluate("window.actorgraph.visibleEdges()")
        return edges

    def slide(self, year: int) -> None:
        """Move the slider as a user would: set its value and fire the input event."""
        self.page.eval_on_selector(
            "#year", "(el, y) => { el.value = String(y); el.dispatchEvent(new Event('input', {bubbles: true})); }", year
        )
        assert self.page.inner_text("#year-label") == str(year)


def _open(browser: Any, path: Path) -> Iterator[Opened]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    page = context.new_page()
    opened = Opened(page)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def route(r: Any) -> None:
        if r.request.url == path.as_uri():
            r.continue_()
        else:
            opened.requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    page.wait_for_function("window.actorgraph && window.actorgraph.status.drawn", timeout=20000)
    yield opened
    context.close()


@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from actorgraph.cli import cli

    out = tmp_path_factory.mktemp("page") / "diagram.html"
    result = CliRunner().invoke(cli, ["diagram", "--year", "2016", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def opened(browser: Any, bundled_page: Path) -> Iterator[Opened]:
    yield from _open(browser, bundled_page)


def _expected(graph: ActorGraph, year: int) -> set[str]:
    period = Period.parse(year)
    rows = all_relations(graph, period)
    return {r.relation for r in rows if r.subject.exists_during(period) and r.other.exists_during(period)}


def _inked(png: bytes) -> int:
    """How many pixels of a screenshot are not white."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(1 for value in image.tobytes() if value < 250)


def test_page_draws_offline_without_errors(opened: Opened) -> None:
    page = opened.page
    assert page.evaluate("window.actorgraph.year()") == 2016
    assert page.inner_text("#year-label") == "2016"
    assert page.query_selector("#graph canvas") is not None
    assert page.evaluate("window.actorgraph.status.draws") >= 1
    assert len(opened.edges()) > 10 and len(page.evaluate("window.actorgraph.visibleNodes()")) > 5
    canvas = page.query_selector("#graph canvas").screenshot()
    assert _inked(canvas) > 5000, "the graph canvas is blank"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "diagram-2016.png"))
    assert opened.errors == [] and opened.requests == [] and opened.dialogs == []


def test_slider_shows_what_the_data_says_each_year(opened: Opened, graph: ActorGraph) -> None:
    low, high = opened.page.evaluate("[+document.getElementById('year').min, +document.getElementById('year').max]")
    assert low <= 2016 and high >= 2025
    for year in range(low, high + 1):
        opened.slide(year)
        shown = {rel for e in opened.edges() for rel in e["relations"]}
        assert shown == _expected(graph, year), year
    russia_backs_assad = ("russia", "assad-government", "support")
    keys = {}
    for year in (2016, 2025):
        opened.slide(year)
        keys[year] = {(e["from"], e["to"], e["kind"]) for e in opened.edges()}
    assert russia_backs_assad in keys[2016]
    assert russia_backs_assad not in keys[2025]
    opened.page.screenshot(path=str(ARTIFACTS / "diagram-2025.png"))
    assert opened.errors == [] and opened.requests == []


def test_actors_keep_their_places_as_the_year_moves(opened: Opened) -> None:
    opened.slide(2016)
    before = opened.page.evaluate("window.actorgraph.positions()")
    opened.slide(2024)
    after = opened.page.evaluate("window.actorgraph.positions()")
    both = set(before) & set(after)
    assert len(both) > 10
    assert {n: before[n] for n in both} == {n: after[n] for n in both}


def test_filters_by_kind_and_actor(opened: Opened) -> None:
    page = opened.page
    opened.slide(2016)
    assert "opposition" in {e["kind"] for e in opened.edges()}
    page.uncheck("#kinds input[value=opposition]")
    assert opened.edges() and "opposition" not in {e["kind"] for e in opened.edges()}
    page.check("#kinds input[value=opposition]")
    page.select_option("#actor", "russia")
    edges = opened.edges()
    assert edges and all("russia" in (e["from"], e["to"]) for e in edges)
    assert set(page.evaluate("window.actorgraph.visibleNodes()")) == {x for e in edges for x in (e["from"], e["to"])}


def test_play_moves_the_year(opened: Opened) -> None:
    page = opened.page
    page.click("#play")
    page.wait_for_function("window.actorgraph.year() > +document.getElementById('year').min", timeout=5000)
    page.click("#play")
    assert page.inner_text("#play").endswith("Play")


def test_hostile_label_shows_as_text_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from actorgraph.cli import cli

    out = tmp_path / "hostile.html"
    result = CliRunner().invoke(cli, ["diagram", "hostile", "--data", str(HOSTILE), "--year", "2016", "-o", str(out)])
    assert result.exit_code == 0, result.output
    for opened in _open(browser, out):
        page = opened.page
        assert page.inner_text("h1") == f"Alliances and oppositions: {HOSTILE_LABEL}"
        assert HOSTILE_LABEL in page.eval_on_selector_all("#actor option", "os => os.map(o => o.textContent)")
        assert page.evaluate("document.querySelectorAll('img, b, #details a, .vis-tooltip a').length") == 0
        # hover the actor: its tooltip shows the label as text
        spot = page.evaluate("window.actorgraph.where('hostile')")
        page.mouse.move(spot["x"], spot["y"])
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        assert HOSTILE_LABEL in page.inner_text("div.vis-tooltip")
        # click it: the side panel lists its relation with source, quote and note, all as text
        page.mouse.click(spot["x"], spot["y"])
        details = page.inner_text("#details")
        assert HOSTILE_LABEL in details and "<b>Evil</b> Press</script><script>alert(3)</script>" in details
        assert "They said <img src=x onerror=alert(7)> and href." in details
        assert page.evaluate("document.querySelectorAll('img, b').length") == 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "diagram-hostile.png"))
        page.wait_for_timeout(300)  # give any injected handler time to fire
        assert opened.dialogs == [] and opened.errors == [] and opened.requests == []
