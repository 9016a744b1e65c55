"""`python -m analysis diff`: findings flattened to keyed leaves and compared, on small hand-made findings."""

import json
import subprocess

import pytest

from analysis import paths
from analysis.build import diff
from analysis.errors import AnalysisError


def value(v, text, rows=(), sources=(), key=""):
    return {"value": v, "text": text, "rows": list(rows), "sources": list(sources), "key": key, "unit": ""}


OLD = {
    "suicide": {
        "primary": {"ratio": value(1.5, "1.50", ["escapee_suicide/E01"], ["wi-2024"]), "label": "Wi"},
        "verdict": {"category": "supported with caveats", "claim_id": "C10"},
    },
    "arrivals": {"years": [{"year": 2001, "n": value(1043, "1,043")}, {"year": 2002, "n": value(1142, "1,142")}]},
}


def changed(new_suicide=None, new_years=None):
    new = json.loads(json.dumps(OLD))
    if new_suicide:
        new["suicide"].update(new_suicide)
    if new_years is not None:
        new["arrivals"]["years"] = new_years
    return diff.compare(diff.flatten(OLD), diff.flatten(new))


def test_flatten_keys_values_by_path_and_list_items_by_id():
    flat = diff.flatten(OLD)
    assert flat["suicide.primary.ratio"].value == 1.5
    assert flat["suicide.primary.ratio"].sources == ("wi-2024",)
    assert flat["arrivals.years[2002].n"].value == 1142  # keyed by the item's year, not its position
    assert flat["suicide.verdict.category"].value == "supported with caveats"
    assert not any(k.endswith((".rows", ".sources", ".key")) for k in flat)


def test_identical_findings_report_no_change():
    assert diff.compare(diff.flatten(OLD), diff.flatten(OLD)) == []
    assert "no change" in diff.render([], "a", "b", "table")
    assert diff.render([], "a", "b", "json").strip() == "[]"


def test_a_changed_number_has_its_relative_change_and_both_sides_provenance():
    new_ratio = value(1.95, "1.95", ["escapee_suicide/E02"], ["hong-2024"])
    [c] = changed({"primary": {"ratio": new_ratio, "label": "Wi"}})
    assert (c.key, c.kind, c.old, c.new) == ("suicide.primary.ratio", "number", 1.5, 1.95)
    assert c.relative == pytest.approx((1.95 - 1.5) / 1.5)
    assert (c.old_sources, c.new_sources) == (("wi-2024",), ("hong-2024",))
    assert (c.old_rows, c.new_rows) == (("escapee_suicide/E01",), ("escapee_suicide/E02",))


def test_verdicts_are_conclusions_and_listed_first():
    changes = changed(
        {
            "verdict": {"category": "not supported", "claim_id": "C10"},
            "primary": {"ratio": value(1.2, "1.20"), "label": "Wi"},
        }
    )
    assert [c.kind for c in changes] == ["conclusion", "number"]
    assert changes[0].old == "supported with caveats" and changes[0].new == "not supported"


def test_reordered_list_is_no_change_but_a_missing_item_is_removed():
    years = OLD["arrivals"]["years"]
    assert changed(new_years=list(reversed(years))) == []
    removed = changed(new_years=years[:1])
    assert [(c.key, c.kind, c.old, c.new) for c in removed] == [
        ("arrivals.years[2002].n", "removed", 1142, None),
        ("arrivals.years[2002].year", "removed", 2002, None),
    ]


def test_markdown_names_both_sides_and_escapes_pipes():
    changes = changed({"primary": {"ratio": value(2.0, "2.00"), "label": "Wi | Hong"}})
    text = diff.to_markdown(changes, "HEAD~1", "counts_series=x")
    assert "`HEAD~1`" in text and "`counts_series=x`" in text
    assert "| suicide.primary.label | text | Wi | Wi \\| Hong |  |  |" in text
    assert "| suicide.primary.ratio | number | 1.5 | 2 | +33% | wi-2024 → — |" in text


def test_small_relative_changes_keep_two_significant_digits():
    [c] = changed({"primary": {"ratio": value(1.5 * (1 + 1 / 34537), "x"), "label": "Wi"}})
    assert diff._rel(c) == "+0.0029%"


def test_sides_are_recognised(tmp_path):
    assert diff.parse_side(str(tmp_path), paths.ROOT).kind == "folder"
    pairs = diff.parse_side("counts_series=hong_ki_won_2024,confidence_level=0.9", paths.ROOT)
    assert pairs.kind == "params"
    assert pairs.overrides == {"counts_series": "hong_ki_won_2024", "confidence_level": 0.9}
    yml = tmp_path / "p.yml"
    yml.write_text("start_year: 2005\n")
    assert diff.parse_side(str(yml), paths.ROOT).overrides == {"start_year": 2005}


@pytest.mark.parametrize(
    ("spec", "message"),
    [("no-such-rev-or-file", "neither a folder"), ("a=1,a=2", "given twice"), ("=3", "not NAME=VALUE")],
)
def test_bad_sides_get_one_line(spec, message):
    with pytest.raises(AnalysisError, match=message):
        diff.parse_side(spec, paths.ROOT)


def test_folder_without_findings_and_revision_before_them_are_refused(tmp_path):
    with pytest.raises(AnalysisError, match="holds no typed findings"):
        diff.materialise(diff.Side(str(tmp_path), "folder"), paths.ROOT, tmp_path / "scratch")
    first = subprocess.run(
        ["git", "rev-list", "--max-parents=0", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True
    ).stdout.split()
    if not first:
        pytest.fail("the checkout has no git history: the test needs one")
    with pytest.raises(AnalysisError, match="predates them"):
        diff.materialise(diff.Side(first[0], "revision"), paths.ROOT, tmp_path / "scratch")


def test_a_side_is_built_without_the_editions_it_does_not_read(tmp_path):
    """`diff` reads only the findings: its builds write no edition (--no-render); a revision whose build has no
    such option writes the fewest it can (--no-pdf)."""
    assert diff._findings_only(paths.ROOT) == "--no-render"
    old = tmp_path / "src/analysis/build/cli.py"
    old.parent.mkdir(parents=True)
    old.write_text('pdf.add_argument("--no-pdf", action="store_true")\n', encoding="utf-8")
    assert diff._findings_only(tmp_path) == "--no-pdf"
