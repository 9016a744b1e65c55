"""Render the executed notebooks as ONE report through nbconvert: two HTML editions and one PDF.

- reader's edition (``reports/report.html``, ``reports/report.pdf``): code hidden, cells tagged
  ``methods-only`` dropped;
- methods edition for students (``reports/report-methods.html``): code shown, with its explanations and
  "try this" prompts.

Both drop papermill's injected-parameters cell (its values are printed in the reproducibility appendix)
and get deterministic cell ids, so the same executed notebooks give byte-identical HTML. The PDF goes
through nbconvert's LaTeX exporter with the project template, then xelatex run here (not through
PDFExporter), so the log can be checked for missing glyphs and SOURCE_DATE_EPOCH fixes the PDF dates.
"""

from __future__ import annotations

import copy
import html
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.build import checks, clock, dag
from analysis.build.citation import metadata
from analysis.core import citations
from analysis.core.links import UnknownMention, link_html
from analysis.core.numbering import METHODS_ONLY_SECTIONS, SECTIONS, section_key
from analysis.errors import BuildError
from analysis.present import typeset

# xelatex's "Overfull \\hbox" beyond this many points fails the build: text would stick out of the text
# block (a cut table column, a word printed over its neighbour). A point or two is invisible. The
# environment variable ANALYSIS_OVERFULL_TOLERANCE_PT overrides it for one build (the tests use the default).
OVERFULL_TOLERANCE_PT = 2.0

HTML_READER = "reports/report.html"
HTML_METHODS = "reports/report-methods.html"
PDF_READER = "reports/report.pdf"
XELATEX_LOG = ".build/logs/xelatex.log"  # the last PDF's log, kept for the tests and whoever tunes the layout


def merge(stage: Path, edition: str) -> Any:
    """One notebook from the executed report notebooks, in report order, for the given edition."""
    import nbformat

    merged = nbformat.v4.new_notebook()
    merged.metadata.update(metadata())
    merged.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    merged.metadata["language_info"] = {"name": "python"}
    merged.metadata["edition_note"] = (
        "Reader's edition: code hidden. The methods edition (report-methods.html) shows the code."
        if edition == "reader"
        else "Methods edition: each section's code shown, with the method explained; Appendix C shows the "
        "cleaning notebooks. Every executed notebook is in reports/notebooks/; make lab opens them live."
    )
    main, supplement = [], []
    for name in dag.REPORT:
        cells = _cells(stage, name, edition)
        start = next((i for i, cell in enumerate(cells) if _heading_number(cell).startswith("S")), len(cells))
        main += cells[:start]
        supplement += cells[start:]
    at = next((i for i, cell in enumerate(main) if _heading_number(cell).isalpha()), len(main))
    merged.cells = main[:at] + supplement + main[at:]
    if edition == "methods":  # after the methods-only heading that ends the last report notebook (Appendix C)
        for name in dag.CLEANING:
            merged.cells += [_demoted(cell, 2) for cell in _cells(stage, name, edition)]
    _mark_contents(merged)
    return merged


SETUP_CALL = "params.from_notebook(globals())"  # what the set-up cell of every report notebook calls


def _cells(stage: Path, name: str, edition: str) -> list[Any]:
    """The cells of one executed notebook that the edition shows (ids made unique in the merged notebook)."""
    import nbformat

    executed = stage / "reports" / "notebooks" / Path(dag.by_name()[name].notebook).name
    cells = []
    for index, cell in enumerate(nbformat.read(executed, as_version=4).cells):
        tags = set(cell.metadata.get("tags", []))
        if "injected-parameters" in tags or (edition == "reader" and tags & {"methods-only", "parameters"}):
            continue
        cell = copy.deepcopy(cell)
        cell.id = f"{name}-{index}"
        if cell.cell_type == "code" and ("parameters" in tags or SETUP_CALL in cell.source):
            cell.metadata["tags"] = sorted(tags | {"setup"})  # folded in the methods edition (the HTML template)
        cells.append(cell)
    return cells


def _heading_number(cell: Any) -> str:
    """The number of the section a Markdown cell's first heading opens ('4.8', 'S4', 'A'), '' for none.

    A section notebook's cells from its supplement heading ('## S4 ...') to its end are that section's
    supplement: :func:`merge` prints them after the References, before the appendices, in report order."""
    m = _HEADING.search(cell.source) if cell.cell_type == "markdown" else None
    try:
        key = section_key(m.group(2)) if m else None
    except KeyError as exc:
        raise BuildError(exc.args[0]) from None
    return SECTIONS[key] if key else ""


def _demoted(cell: Any, levels: int) -> Any:
    """A Markdown cell's headings moved down ``levels`` levels (a notebook's title becomes a subsection)."""
    if cell.cell_type == "markdown":
        cell.source = _HEADING.sub(lambda m: "#" * min(6, len(m[1]) + levels) + " " + m[2], cell.source)
    return cell


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$", re.M)


def _mark_contents(nb: Any) -> None:
    """Mark where the PDF's table of contents goes: before the first heading after the abstract's (or
    before the first heading at all when there is no abstract)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        m = _HEADING.search(cell.source)
        if not m:
            continue
        if m.group(2).strip().lower().startswith("abstract"):
            continue
        cell.metadata["toc_before"] = True
        return


EDITIONS = (
    (HTML_READER, "Reader’s edition (HTML)"),
    (HTML_METHODS, "Methods edition (HTML, with the code)"),
    (PDF_READER, "PDF"),
)


def with_editions(nb: Any, current: str, pdf: bool) -> Any:
    """The notebook with the other editions of the report named in its metadata (file name, label), for the
    links at the head of each edition; the PDF only when the build makes it."""
    nb.metadata["editions"] = [
        {"href": Path(rel).name, "label": label}
        for rel, label in EDITIONS
        if rel != current and (pdf or rel != PDF_READER)
    ]
    nb.metadata["pdf"] = Path(PDF_READER).name if pdf and current != PDF_READER else ""
    return nb


def _inline_values(exporter: Any, target: str, edition: str = "reader") -> Any:
    """Register the preprocessor that puts the stored {eval} results into the Markdown (the tooltips of the
    HTML worded for the edition)."""
    from analysis.build.myst import InlineExpressionPreprocessor

    exporter.register_preprocessor(InlineExpressionPreprocessor(target=target, edition=edition), enabled=True)
    return exporter


def _html(stage: Path, edition: str, pdf: bool = True) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="report_html",
        extra_template_basedirs=[str(paths.TEMPLATES)],
        exclude_input=edition == "reader",
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    resources = {"pygments_css": pygments_css()}
    nb = with_editions(merge(stage, edition), HTML_READER if edition == "reader" else HTML_METHODS, pdf)
    body, _ = _inline_values(exporter, "html", edition).from_notebook_node(nb, resources=resources)
    return check_sections(finish_html(typeset.quotes_html(typeset.math_html(body))), edition)


CODE_STYLE = "a11y-high-contrast-light"  # accessible-pygments: every token at WCAG AA contrast or better


def pygments_css() -> str:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style=CODE_STYLE).get_style_defs(".highlight")


_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.S)
_SECTION = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_HEADING_HTML = re.compile(r'<h([1-6]) id="([^"]+)"([^>]*)>(.*?)</h\1>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def _heading_text(inner: str) -> str:
    return html.unescape(_TAGS.sub("", inner)).replace("\u00b6", "").strip()


def section_anchors(body: str) -> str:
    """Each numbered heading's id made its section's anchor, ``sec-<key>`` (analysis.core.numbering.SECTIONS),
    the target of the links to it."""

    def one(m: re.Match) -> str:
        level, old, rest, inner = m.groups()
        try:
            key = section_key(_heading_text(inner))
        except KeyError as exc:
            raise BuildError(exc.args[0]) from None
        if key is None:
            return m.group(0)
        new = f"sec-{key}"
        return f'<h{level} id="{new}"{rest}>' + inner.replace(f'href="#{old}"', f'href="#{new}"') + f"</h{level}>"

    return _HEADING_HTML.sub(one, body)


def check_sections(page: str, edition: str) -> str:
    """The page, if every section declared in SECTIONS heads it exactly once, or, for a section of the methods
    edition only, not at all in the reader's (else a BuildError)."""
    expected = {k: int(edition != "reader" or k not in METHODS_ONLY_SECTIONS) for k in SECTIONS}
    wrong = {k: n for k in SECTIONS if (n := page.count(f'id="sec-{k}"')) != expected[k]}
    if wrong:
        raise BuildError(
            "sections declared in analysis/core/numbering.py SECTIONS but not headed exactly once: "
            + ", ".join(f"{SECTIONS[k]} ({k}): {n} headings" for k, n in wrong.items())
        )
    return page


def finish_html(page: str) -> str:
    """What the template cannot do: the table of contents from the headings; style elements that outputs
    put in the body moved into the head; pandas' own tables (methods edition) without obsolete attributes
    or empty header cells, each in a labelled region that scrolls sideways when needed; each figure's image
    in a region that scrolls on a narrow screen; each numbered heading anchored by its section's key, and every
    'Table 5', 'Figure 3', 'Section 4.8' or 'Appendix A' of the text a link to it (analysis.core.links)."""
    head_end = page.index("</head>")
    head, body = page[:head_end], page[head_end:]
    body = section_anchors(body)
    try:
        body = link_html(body, {n: s for s, n in citations.numbers().items()})
    except UnknownMention as exc:
        raise BuildError(f"the HTML names what the report does not have: {exc.args[0]}") from None
    moved = _STYLE.findall(body)
    body = _STYLE.sub("", body)
    head += "".join(re.sub(r"<style[^>]*>", "<style>", m, count=1) for m in moved)
    body = re.sub(r'<table border="\d+" class="dataframe"', '<table class="dataframe"', body)
    body = re.sub(r"<th([^>]*)>(?:\s|&nbsp;)*</th>", r"<td\1></td>", body)
    count = iter(range(1, 10_000))
    body = re.sub(
        r'(<table class="dataframe".*?</table>)',
        lambda m: (
            f'<div class="table-scroll" role="region" aria-label="Data table {next(count)}" '
            f'tabindex="0">{m.group(1)}</div>'
        ),
        body,
        flags=re.S,
    )
    body = _FIGURE_IMG.sub(_scrolling_figure, body)
    items = []
    for level, anchor, inner in _SECTION.findall(body):
        text = _heading_text(inner)
        items.append(f'<li class="level-{level}"><a href="#{anchor}">{html.escape(text)}</a></li>')
    toc = "<ol>\n" + "\n".join(items) + "\n</ol>"
    return head + body.replace("<!--report-toc-->", toc, 1)


_FIGURE_IMG = re.compile(r'(<figure class="report-figure"[^>]*>)(<img [^>]*alt="((?:Figure|Table) [0-9A-Z]+)\.[^>]*>)')


def _scrolling_figure(m: re.Match[str]) -> str:
    """A figure's image in a region that, on a narrow screen, scrolls sideways at the image's own width (the
    style sheet; the page's script makes it focusable when it scrolls), with the hint shown then."""
    from analysis.present.typeset import scroll_hint

    region = f'<div class="figure-scroll" role="region" aria-label="{m.group(3)}">{m.group(2)}</div>'
    return m.group(1) + scroll_hint("figure") + region


def write_html(stage: Path, edition: str, pdf: bool = True) -> str:
    from analysis.atomic import atomic_write_text

    rel = HTML_READER if edition == "reader" else HTML_METHODS
    atomic_write_text(stage / rel, _html(stage, edition, pdf))
    return rel


_VERBATIM = re.compile(r"(\\begin\{(Verbatim|verbatim|lstlisting)\}.*?\\end\{\2\})", re.S)


def _outside_verbatim(latex: str, fix: Callable[[str], str]) -> str:
    """``fix`` applied to the LaTeX between verbatim blocks; the blocks themselves as they are."""
    parts = _VERBATIM.split(latex)  # text, block, its environment's name, text, ...
    return "".join(fix(part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2)


def _curly(text: str) -> str:
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = re.sub(r"(?<![\\\w`])`(?=\S)", "\u2018", text)
    text = re.sub(r"(?<![\\\w`'\u2019}\])])'(?=\w)", "\u2018", text)  # an opening quote in a table cell
    return re.sub(r"(?<=[\w.,;:!?)\]}\u2019])'", "\u2019", text)


def curly_quotes(latex: str) -> str:
    """Pandoc's TeX quotes (``...'', `...') as the Unicode characters they print: the PDF's bookmarks
    and its text layer then read as typeset; a straight quote that opens a word (table cells, which pandoc
    does not see) as an opening quote, not the closing one TeX would print (verbatim blocks are left alone)."""
    return _outside_verbatim(latex, _curly)


#: the commands whose arguments are addresses or labels, never prose: a range inside them is left as it is
_ADDRESSES = re.compile(r"(\\(?:url|href|label|hyperref|adjustimage|includegraphics)(?:\[[^\]]*\])?\{[^{}]*\})")
#: a range of numbers standing alone ('2013-2022', '1.01-1.51'), not part of a date, an id or an address
_RANGE = re.compile(r"(?<![\w.\-/=?&#:])(\d+(?:\.\d+)?-\d+(?:\.\d+)?)(?![\w\-/])")


def unbroken_ranges(latex: str) -> str:
    """Each range of numbers in the prose and tables as one unbreakable box (``\\mbox{2018-2020}``): a line
    never ends at its hyphen. Verbatim blocks and addresses, labels and figure paths are left alone."""

    def fix(text: str) -> str:
        pieces = _ADDRESSES.split(text)  # prose, address command, prose, ...
        return "".join(p if j % 2 else _RANGE.sub(r"\\mbox{\1}", p) for j, p in enumerate(pieces))

    return _outside_verbatim(latex, fix)


def check_log(log: str, work: Path) -> None:
    """Fail on what xelatex only warns about: a character the fonts lack (silently dropped) and an overfull
    box beyond the tolerance (text sticking out of the text block). The log and .tex are kept."""
    missing = sorted(set(re.findall(r"Missing character: There is no (.+?) in font", log)))
    if missing:
        raise BuildError(f"the PDF would silently drop characters the fonts lack: {', '.join(missing)}")
    tolerance = float(os.environ.get("ANALYSIS_OVERFULL_TOLERANCE_PT") or OVERFULL_TOLERANCE_PT)
    boxes = checks.overfull_boxes(log, tolerance)
    if boxes:
        shown = "; ".join(f"{b.points:.1f}pt {b.where} ({b.text[:60]})" for b in boxes[:8])
        kept = paths.BUILD / "failed"
        kept.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(work / "report.tex", kept / "report.tex")
        (kept / "report.log").write_text(log, encoding="utf-8")
        raise BuildError(
            f"the PDF has {len(boxes)} line(s) or table(s) wider than the text block by more than "
            f"{tolerance}pt: {shown} (log and .tex kept in {paths.rel(kept)}/; "
            f"ANALYSIS_OVERFULL_TOLERANCE_PT=N raises the tolerance while a section is being edited)"
        )


# At most this many xelatex passes: the contents, references, float placement and longtable widths settle in
# three. Fewer when they settle sooner: a pass that leaves every auxiliary file as the pass before it found
# them has read the same input as a further pass would, so that pass would write the same PDF.
XELATEX_PASSES = 3
#: what xelatex writes besides the PDF and its log, and reads back on the next pass
LATEX_AUX = (".aux", ".toc", ".out", ".lof", ".lot")


def latex_state(work: Path) -> dict[str, bytes]:
    """The auxiliary files of the last xelatex pass in ``work`` (name -> bytes): what the next pass reads."""
    return {p.name: p.read_bytes() for p in sorted(work.iterdir()) if p.suffix in LATEX_AUX and p.is_file()}


def xelatex(work: Path, run_env: dict[str, str]) -> int:
    """xelatex on ``work/report.tex`` until its auxiliary files settle, at most ``XELATEX_PASSES`` times; the
    number of passes run. A failed pass stops the build with its first error line (log and .tex kept)."""
    state, passes = None, 0
    while passes < XELATEX_PASSES:
        passes += 1
        proc = subprocess.run(
            ["xelatex", "-interaction=nonstopmode", "-halt-on-error", "report.tex"],
            cwd=work,
            env=run_env,
            capture_output=True,
            text=True,
            errors="replace",
        )
        if proc.returncode != 0:
            log = (work / "report.log").read_text(errors="replace") if (work / "report.log").exists() else proc.stdout
            lines = log.splitlines()
            at = next((i for i, ln in enumerate(lines) if ln.startswith("!")), None)
            first = " ".join(lines[at : at + 2]) if at is not None else "no error line in the log"
            kept = paths.BUILD / "failed"
            kept.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / "report.tex", kept / "report.tex")
            (kept / "report.log").write_text(log, encoding="utf-8")
            raise BuildError(f"xelatex failed on the report: {first} (log and .tex kept in {paths.rel(kept)}/)")
        state, before = latex_state(work), state
        if state == before:  # a further pass would read what this one read and write the same PDF
            break
    return passes


def latex(stage: Path, batched: bool = True) -> tuple[str, dict[str, Any]]:
    """The reader edition as LaTeX (nbconvert with the project's template) and its resources (figure files);
    ``batched``: pandoc run once for all cells (:mod:`analysis.build.pandoc_batch`), not twice per cell."""
    from nbconvert import LatexExporter

    from analysis.build import pandoc_batch

    exporter = LatexExporter(
        template_name="report_latex",
        extra_template_basedirs=[str(paths.TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    _inline_values(exporter, "latex")
    if batched:
        table = pandoc_batch.Batched()
        exporter.register_filter("convert_pandoc", table)
        exporter.register_preprocessor(pandoc_batch.Prefill(batched=table, exporter=exporter), enabled=True)
    return exporter.from_notebook_node(
        with_editions(merge(stage, "reader"), PDF_READER, True), resources={"output_files_dir": "figures"}
    )


def write_pdf(stage: Path, env: dict[str, str]) -> str:
    """LaTeX via nbconvert, then xelatex until its auxiliary files settle (at most ``XELATEX_PASSES``); fails on
    any missing glyph."""
    body, resources = latex(stage)
    work = stage / ".latex"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    body = re.sub(r"\\(sub)?section\{Abstract\}", r"\\\1section*{Abstract}", body, count=1)  # not in the contents
    body = body.replace(r"\subsection{Supplementary material}", r"\clearpage\subsection{Supplementary material}", 1)
    (work / "report.tex").write_text(unbroken_ranges(curly_quotes(body)), encoding="utf-8")
    for name, data in sorted(resources.get("outputs", {}).items()):
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    run_env = {**os.environ, **env, "FORCE_SOURCE_DATE": "1"}
    xelatex(work, run_env)
    log = (work / "report.log").read_text(errors="replace")
    check_log(log, work)
    kept_log = paths.ROOT / XELATEX_LOG
    kept_log.parent.mkdir(parents=True, exist_ok=True)
    kept_log.write_text(log, encoding="utf-8")  # for the tests and for whoever tunes the layout
    out = stage / PDF_READER
    shutil.copyfile(work / "report.pdf", out)
    return PDF_READER


def outputs(make_pdf: bool) -> list[str]:
    """What :func:`render_all` writes, in the order it returns them."""
    return sorted([HTML_READER, HTML_METHODS] + ([PDF_READER] if make_pdf else []))


def render_all(
    stage: Path,
    make_pdf: bool,
    env: dict[str, str],
    jobs: int | None = None,
    timings: dict[str, tuple[float, float]] | None = None,
) -> list[str]:
    """Write the HTML editions and (if asked) the PDF into the stage, in parallel; return their paths
    (``timings``, if given, receives each one's wall and CPU seconds, xelatex's included, for the progress lines)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    tasks = [(write_html, stage, "reader", make_pdf), (write_html, stage, "methods", make_pdf)]
    if make_pdf:
        tasks.insert(0, (write_pdf, stage, env))  # the longest first
    workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    from analysis.build import lifetime

    spawn = get_context("spawn")
    with ProcessPoolExecutor(workers, spawn, initializer=lifetime.worker_init, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(clock.timed, fn, *args) for fn, *args in tasks]
        done = [f.result() for f in futures]  # re-raises a worker's BuildError with its message
    if timings is not None:
        timings.update({path: (seconds, cpu) for path, seconds, cpu in done})
    return sorted(path for path, _, _ in done)
