"""The reader's HTML in a real browser: Debian's headless Chromium, driven by Playwright, with every
network request refused. The page must load without any failed or external request, and the first
screen and a figure must render as visible (non-blank) pixels."""

from __future__ import annotations

import csv
import re

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


# issue 20, item 5: the HTML for readers at phone and desktop widths
WIDTHS = ((390, 844), (1280, 900))
ANCHORS = "span.value.has-provenance, span.source-note"


def _page(browser, built, edition="report.html", width=1280, height=900):
    phone = width < 600
    context = browser.new_context(
        offline=True, viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    page.goto((built / "reports" / edition).as_uri(), wait_until="load")
    return page


@needs_chromium
@pytest.mark.parametrize("edition", ["report.html", "report-methods.html"])
def test_every_tooltip_lies_inside_the_viewport_on_focus_and_hover(built, browser, edition):
    """Each value's tooltip, shown by keyboard focus, lies wholly inside the viewport at 390 and 1280 px; so do
    those of the values nearest the right edge shown by the pointer; Escape hides a tooltip."""
    for width, height in WIDTHS:
        page = _page(browser, built, edition, width, height)
        page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")  # answers too
        outside = page.evaluate(
            """anchors => [...document.querySelectorAll(anchors)].flatMap((a, i) => ['start', 'end'].flatMap(at => {
                 a.scrollIntoView({block: at});  // the value at the top of the screen, then at the bottom
                 a.focus({preventScroll: true});
                 const t = a.querySelector('span.provenance').getBoundingClientRect();
                 const vw = document.documentElement.clientWidth, vh = window.innerHeight;
                 const ok = t.width > 40 && t.left >= 0 && t.right <= vw && t.top >= 0 && t.bottom <= vh;
                 a.blur();
                 return ok ? [] : [[i, at, a.textContent.slice(0, 40), Math.round(t.left), Math.round(t.right),
                                    Math.round(t.top), Math.round(t.bottom)]];
               }))""",
            ANCHORS,
        )
        count = page.locator(ANCHORS).count()
        assert count >= 300 and outside == [], (width, count, outside[:10])
        rightmost = page.evaluate(
            """anchors => [...document.querySelectorAll(anchors)].map((a, i) => [a.getBoundingClientRect().right, i])
                 .sort((x, y) => y[0] - x[0]).slice(0, 5).map(x => x[1])""",
            ANCHORS,
        )
        for i in rightmost:
            anchor = page.locator(ANCHORS).nth(i)
            anchor.scroll_into_view_if_needed()
            anchor.hover()
            tip = anchor.locator("span.provenance").first
            assert tip.is_visible()
            box = tip.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, i, box)
        page.keyboard.press("Escape")
        assert not page.locator(ANCHORS).nth(rightmost[-1]).locator("span.provenance").first.is_visible()


@needs_chromium
def test_table_captions_stay_outside_the_scroll_and_a_wide_table_says_it_scrolls(built, browser):
    """At 390 px a wide table scrolls in its region, its caption above it stays in place, and a hint says so;
    at 1280 px a table that fits shows no hint."""
    page = _page(browser, built, "report.html", 390, 844)
    inside = page.evaluate("document.querySelectorAll('.table-scroll caption, .table-scroll figcaption').length")
    assert inside == 0
    figures = page.locator("figure.table-figure")
    assert figures.count() >= 15
    assert figures.evaluate_all("fs => fs.every(f => f.firstElementChild.tagName === 'FIGCAPTION')")
    widest = page.evaluate(
        """() => [...document.querySelectorAll('figure.table-figure.scrolls')].map(f => [f.id,
               f.querySelector('.table-scroll').scrollWidth - f.querySelector('.table-scroll').clientWidth])
             .sort((a, b) => b[1] - a[1])[0][0]"""
    )
    wide = page.locator(f"#{widest}")
    wide.scroll_into_view_if_needed()
    caption, region = wide.locator("figcaption"), wide.locator(".table-scroll")
    before = caption.bounding_box()
    region.evaluate("r => { r.scrollLeft = r.scrollWidth; }")
    after = caption.bounding_box()
    assert region.evaluate("r => r.scrollLeft") > 50  # it scrolled ...
    assert before == after and after["x"] >= 0 and after["x"] + after["width"] <= 390  # ... its caption did not
    assert wide.locator(".scroll-hint").is_visible()
    desk = _page(browser, built, "report.html", 1280, 900)
    fits = desk.locator("figure.table-figure:not(.scrolls)")
    assert fits.count() >= 5 and not fits.first.locator(".scroll-hint").is_visible()


@needs_chromium
def test_figures_keep_a_legible_width_on_a_phone(built, browser, tmp_path):
    """At 390 px a figure is not shrunk to the screen (labels of about 5 px): it keeps its own width (680 px, as
    on a desktop) in a focusable region that scrolls sideways, and the page itself does not scroll sideways."""
    page = _page(browser, built, "report.html", 390, 844)
    figures = page.locator("figure.report-figure")
    assert figures.count() >= 8
    for i in range(figures.count()):
        region = figures.nth(i).locator(".figure-scroll")
        width = region.locator("img").evaluate("img => img.getBoundingClientRect().width")
        assert width >= 600, (i, width)
        assert region.evaluate("r => r.scrollWidth > r.clientWidth && r.tabIndex === 0")
    figures.nth(2).scroll_into_view_if_needed()
    figures.nth(2).screenshot(path=str(tmp_path / "figure-phone.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    desk = _page(browser, built, "report.html", 1280, 900)
    assert desk.locator(".figure-scroll[tabindex]").count() == 0  # nothing to scroll, no extra tab stop


A4_CONTENT_PX = {False: (210 - 44) / 25.4 * 96, True: (297 - 44) / 25.4 * 96}  # @page margins 2.2 cm each side


@needs_chromium
def test_print_style_fits_every_table_on_its_page(built, browser, tmp_path):
    """Printed, every table and figure fits the width of its page (portrait, or landscape for the tables the PDF turns):
    nothing scrolls, no cell's text is cut; Chromium's own printout puts the landscape tables on landscape pages."""
    from pypdf import PdfReader

    for landscape, width in A4_CONTENT_PX.items():
        page = _page(browser, built, "report.html", int(width), 900)
        page.emulate_media(media="print")
        selector = "figure.table-figure" + (".landscape" if landscape else ":not(.landscape)")
        cut = page.evaluate(
            """sel => { const main = document.querySelector('main').getBoundingClientRect();
                 return [...document.querySelectorAll(sel)].filter(f => {
                   const t = f.querySelector('table'), r = f.querySelector('.table-scroll'),
                         b = t.getBoundingClientRect();
                   return b.right > main.right + 0.5 || r.scrollWidth > r.clientWidth
                     || [...t.querySelectorAll('td, th')].some(c => c.scrollWidth > c.clientWidth + 1);
                 }).map(f => f.id); }""",
            selector,
        )
        count = page.locator(selector).count()
        assert count >= (1 if landscape else 15) and cut == [], (landscape, cut)
        wider = page.evaluate(
            """() => [...document.querySelectorAll('figure.report-figure img')].filter(i =>
                 i.getBoundingClientRect().right > document.querySelector('main').getBoundingClientRect().right + 0.5)
                 .length"""
        )
        assert wider == 0  # figures too (a phone's sideways scrolling is for the screen only)
    page = _page(browser, built)
    page.pdf(path=str(tmp_path / "print.pdf"), prefer_css_page_size=True)
    printed = PdfReader(tmp_path / "print.pdf").pages
    turned = [p.mediabox.width > p.mediabox.height for p in printed]
    assert any(turned) and not all(turned)
    # the references print as in the PDF: no internal id, each address as its host (the link keeps the whole)
    text = " ".join(p.extract_text() for p in printed).replace("\n", " ")
    assert "(id " not in text and re.search(r"accessed \d{4}-\d{2}-\d{2}\)", text)
    urls = [r["url"] for r in csv.DictReader((built / "data" / "raw" / "sources.csv").open(encoding="utf-8"))]
    paths = [u.split("/", 3)[3] for u in urls if u.count("/") >= 3 and len(u.split("/", 3)[3]) >= 20]
    assert paths and not [p for p in paths if p[:20] in text.replace(" ", "")]
