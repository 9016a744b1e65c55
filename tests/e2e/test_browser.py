"""The reader's HTML in a real browser: Debian's headless Chromium, driven by Playwright, with every
network request refused. The page must load without any failed or external request, and the first
screen and a figure must render as visible (non-blank) pixels."""

from __future__ import annotations

import pytest
from conftest import needs_chromium

pytestmark = pytest.mark.slow


def _non_blank(png: bytes) -> float:
    """Standard deviation of the grey levels of a PNG screenshot (0 for a blank image)."""
    import io

    import numpy as np
    from matplotlib import image

    pixels = image.imread(io.BytesIO(png), format="png")[..., :3].mean(axis=2)
    return float(np.std(pixels))


@needs_chromium
def test_report_renders_offline_in_chromium(built, browser, tmp_path):
    url = (built / "reports" / "report.html").as_uri()
    requests, failed, external = [], [], []
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:"))
            else (external.append(route.request.url), route.abort())
        ),
    )
    page.goto(url, wait_until="load")
    first_screen = page.screenshot()
    images = page.locator("img")
    count = images.count()
    assert count >= 1
    alts = [images.nth(i).get_attribute("alt") for i in range(count)]
    figure = images.nth(0)
    figure.scroll_into_view_if_needed()
    natural = figure.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    figure_shot = figure.screenshot()
    title = page.title()
    (tmp_path / "first-screen.png").write_bytes(first_screen)
    (tmp_path / "figure.png").write_bytes(figure_shot)
    assert external == [] and failed == [], (external, failed)
    assert all(u.startswith(("file:", "data:")) for u in requests)
    assert title.startswith("North Korean escapees")
    assert all(a and a.startswith("Figure ") for a in alts), alts
    assert natural[0] >= 1000  # the embedded PNG decoded at full resolution
    assert _non_blank(first_screen) > 0.05
    assert _non_blank(figure_shot) > 0.05


@needs_chromium
def test_table_of_contents_at_desktop_and_phone_widths(built, browser, tmp_path):
    """Desktop: the contents are an open side panel that stays in view while the text scrolls. Phone: a
    collapsed list above the text that opens on a tap. Screenshots of both are kept in tmp_path."""
    url = (built / "reports" / "report.html").as_uri()
    desk = browser.new_context(offline=True, viewport={"width": 1400, "height": 900}).new_page()
    desk.goto(url, wait_until="load")
    toc, main = desk.locator("nav.toc"), desk.locator("main")
    links = toc.locator("a")
    assert links.count() >= 10 and desk.locator("#toc-details").evaluate("d => d.open")
    assert toc.bounding_box()["x"] + toc.bounding_box()["width"] <= main.bounding_box()["x"]  # beside the text
    desk.screenshot(path=str(tmp_path / "toc-desktop.png"))
    shot_desk = desk.screenshot()
    desk.mouse.wheel(0, 6000)
    desk.wait_for_timeout(200)
    box = toc.bounding_box()
    assert desk.evaluate("window.scrollY") > 3000 and -1 <= box["y"] <= 50  # sticky: still at the top
    target = links.nth(5).get_attribute("href")
    links.nth(5).click()
    assert desk.evaluate("location.hash") == target
    phone = browser.new_context(
        offline=True, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    ).new_page()
    phone.goto(url, wait_until="load")
    details = phone.locator("#toc-details")
    assert not details.evaluate("d => d.open")
    closed = phone.locator("nav.toc").bounding_box()
    assert closed["height"] < 80 and closed["width"] <= 390
    phone.screenshot(path=str(tmp_path / "toc-phone.png"))
    shot_phone = phone.screenshot()
    phone.locator("#toc-title").click()
    assert details.evaluate("d => d.open") and phone.locator("nav.toc a").first.is_visible()
    phone.screenshot(path=str(tmp_path / "toc-phone-open.png"))
    widest = phone.evaluate("document.documentElement.scrollWidth")
    assert widest <= 390  # nothing makes the phone page scroll sideways (wide tables scroll in their region)
    assert _non_blank(shot_desk) > 0.05 and _non_blank(shot_phone) > 0.05


@needs_chromium
def test_value_provenance_tooltip_shows_on_hover_and_focus(built, browser):
    """A value with provenance (the report's HTML, analysis.core.values.provenance_html) put into the built
    page: its tooltip is hidden, then shown while the value is hovered or has keyboard focus, inside the
    viewport."""
    from analysis.core.values import PROVENANCE_MIME, Value, provenance_html

    value = Value.of(1.62, ".2f", method="O / E", raw=("escapee_suicide/wi-2020",), sources=("segye-2022-01-13",))
    value = value.model_copy(update={"key": "test.inserted"})
    inserted = provenance_html(value.text, value._repr_mimebundle_()[1][PROVENANCE_MIME])
    page = browser.new_context(offline=True, viewport={"width": 1280, "height": 900}).new_page()
    page.goto((built / "reports" / "report.html").as_uri(), wait_until="load")
    page.evaluate(
        "html => { const p = document.querySelector('main p'); p.insertAdjacentHTML('beforeend', ' ' + html); }",
        inserted,
    )
    number = page.locator('span.value.has-provenance[data-key="test.inserted"]')
    tip = number.locator("span.provenance[role=tooltip]")
    assert not tip.is_visible()
    number.hover()
    assert tip.is_visible() and "O / E" in tip.inner_text()
    page.mouse.move(5, 5)
    assert not tip.is_visible()
    number.focus()
    assert tip.is_visible()
    box = tip.bounding_box()
    assert box["width"] > 50 and box["x"] >= 0 and box["x"] + box["width"] <= 1280
