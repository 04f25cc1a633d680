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


def _open(browser: Any, path: Path, *, width: int = 1400, fragment: str = "") -> Iterator[Opened]:
    context = browser.new_context(viewport={"width": width, "height": 900}, offline=True, accept_downloads=True)
    page = context.new_page()
    opened = Opened(page)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))

    def on_dialog(dialog: Any) -> None:
        opened.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def route(r: Any) -> None:
        if r.request.url.split("#")[0] == path.as_uri():
            r.continue_()
        else:
            opened.requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri() + fragment)
    page.wait_for_function("window.actorgraph && window.actorgraph.status.drawn", timeout=20000)
    yield opened
    context.close()


@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from actorgraph.cli import cli

    out = tmp_path_factory.mktemp("page") / "diagram.html"
    result = CliRunner().invoke(cli, ["diagram", "--in", "2016", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def opened(browser: Any, bundled_page: Path) -> Iterator[Opened]:
    yield from _open(browser, bundled_page)


def _expected(graph: ActorGraph, year: int) -> set[str]:
    """Dates overlap the year and both actors existed; an undated relation only in its latest source's year."""
    period = Period.parse(year)
    rows = all_relations(graph, period)
    return {
        r.relation
        for r in rows
        if r.subject.exists_during(period)
        and r.other.exists_during(period)
        and (r.start or r.end or (r.as_of and int(r.as_of[:4]) == year))
    }


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


# ---------------------------------------------------------------------------- reading the page


def test_slider_opens_on_the_busy_years_with_the_whole_span_one_click_away(opened: Opened) -> None:
    page = opened.page
    bounds = "[+document.getElementById('year').min, +document.getElementById('year').max]"
    assert page.evaluate(bounds) == [2011, 2025], "the war's years, not 1971-2025"
    assert page.inner_text("#span") == "All years 1971–2025"
    page.click("#span")
    assert page.evaluate(bounds) == [1971, 2025]
    opened.slide(1990)
    page.click("#span")
    assert page.evaluate(bounds) == [2011, 2025] and page.evaluate("window.actorgraph.year()") == 2011
    assert opened.errors == []


def _click_actor(opened: Opened, actor: str) -> None:
    spot = opened.page.evaluate(f"window.actorgraph.where('{actor}')")
    opened.page.mouse.click(spot["x"], spot["y"])


def test_a_click_highlights_the_actor_its_lines_and_neighbours(opened: Opened) -> None:
    page = opened.page
    opened.slide(2016)
    _click_actor(opened, "russia")
    assert page.evaluate("window.actorgraph.selected()") == "russia"
    edges = opened.edges()
    bright = [e for e in edges if not e["dimmed"]]
    assert bright and all("russia" in (e["from"], e["to"]) for e in bright)
    assert [e for e in edges if e["dimmed"]], "the other lines are dimmed"
    neighbours = {x for e in bright for x in (e["from"], e["to"])}
    dimmed = set(page.evaluate("window.actorgraph.dimmedNodes()"))
    visible = set(page.evaluate("window.actorgraph.visibleNodes()"))
    assert dimmed == visible - neighbours and "assad-government" in neighbours
    # a click on empty canvas clears it
    box = page.query_selector("#graph").bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    assert page.evaluate("window.actorgraph.selected()") == ""
    assert page.evaluate("window.actorgraph.dimmedNodes()") == []
    assert opened.errors == []


def test_the_side_panel_follows_the_year_and_the_filter(opened: Opened) -> None:
    page = opened.page
    opened.slide(2016)
    _click_actor(opened, "russia")
    assert page.text_content("#details h2") == "Russia, 2016"
    in_2016 = page.eval_on_selector_all("#details .rel", "rs => rs.length")
    assert in_2016 > 0
    opened.slide(2025)
    assert page.text_content("#details h2") == "Russia, 2025"
    text = page.inner_text("#details")
    assert "Government of Syria (Assad)" not in text, "the Assad government was gone in 2025"
    opened.slide(2016)
    page.uncheck("#kinds input[value=support]")
    assert page.text_content("#details h2") == "Russia, 2016"
    assert "support" not in page.eval_on_selector_all(
        "#details .rel div:first-child", "ds => ds.map(d => d.textContent).join(' ')"
    )
    page.check("#kinds input[value=support]")
    assert page.eval_on_selector_all("#details .rel", "rs => rs.length") == in_2016
    assert opened.errors == []


def test_the_address_keeps_the_year_and_actor_and_a_link_opens_the_same_view(
    browser: Any, opened: Opened, bundled_page: Path
) -> None:
    page = opened.page
    opened.slide(2018)
    _click_actor(opened, "iran")
    fragment = page.evaluate("location.hash")
    assert fragment == "#year=2018&actor=iran"
    for again in _open(browser, bundled_page, fragment=fragment):
        assert again.page.evaluate("window.actorgraph.year()") == 2018
        assert again.page.inner_text("#year-label") == "2018"
        assert again.page.evaluate("window.actorgraph.selected()") == "iran"
        assert again.page.text_content("#details h2") == "Iran, 2018"
        assert {e["relations"][0] for e in again.edges()} == {e["relations"][0] for e in opened.edges()}
        assert again.errors == []
    for older in _open(browser, bundled_page, fragment="#year=1995"):
        assert older.page.evaluate("window.actorgraph.year()") == 1995
        assert older.page.evaluate("window.actorgraph.range()") == [1971, 2025], "a year outside opens the span"


def test_save_png_saves_what_is_drawn(opened: Opened, tmp_path: Path) -> None:
    page = opened.page
    opened.slide(2016)
    with page.expect_download() as download:
        page.click("#save")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert saved.name == "actorgraph-2016.png" and data.startswith(b"\x89PNG")
    assert _inked(data) > 5000, "the saved image is blank"
    assert opened.errors == [] and opened.requests == []


def test_at_800_pixels_the_graph_keeps_the_width_and_the_panel_goes_below(browser: Any, bundled_page: Path) -> None:
    for opened in _open(browser, bundled_page, width=800):
        page = opened.page
        graph = page.query_selector("#graph").bounding_box()
        panel = page.query_selector("aside").bounding_box()
        assert graph["width"] >= 760 and graph["height"] >= 380
        assert panel["y"] >= graph["y"] + graph["height"] - 1, "the panel sits under the graph"
        assert page.evaluate("document.documentElement.scrollWidth") <= 800, "nothing runs off to the right"
        canvas = page.query_selector("#graph canvas").screenshot()
        assert _inked(canvas) > 5000
        spread = page.evaluate("window.actorgraph.visibleNodes().map(id => window.actorgraph.where(id))")
        xs = [p["x"] for p in spread]
        assert min(xs) >= 0 and max(xs) <= 800 and max(xs) - min(xs) > 400, "the actors fill the width"
        assert page.evaluate("window.actorgraph.labelPixels()") >= 11, "labels stay readable"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "diagram-800px.png"))
        assert opened.errors == []


def test_tooltips_are_compact(opened: Opened) -> None:
    page = opened.page
    opened.slide(2016)
    spot = page.evaluate("window.actorgraph.where('russia')")
    page.mouse.move(spot["x"], spot["y"])
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    box = page.query_selector("div.vis-tooltip").bounding_box()
    graph = page.query_selector("#graph").bounding_box()
    assert box["width"] <= 290 and box["height"] < 120
    assert box["width"] * box["height"] < 0.05 * graph["width"] * graph["height"]
