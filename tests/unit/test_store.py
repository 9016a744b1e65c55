"""The store of finished steps: a whole entry or none, keyed, switched off by ANALYSIS_STORE=off, pruned."""

from __future__ import annotations

import os

import pytest

from analysis.build import store


@pytest.fixture
def stage(tmp_path, monkeypatch):
    monkeypatch.setenv(store.ENV, str(tmp_path / "store"))
    root = tmp_path / "stage"
    (root / "data/processed").mkdir(parents=True)
    (root / "data/processed/t.csv").write_text("a\n1\n")
    return root


def _staged(root):
    return lambda rel: root / rel


def test_put_then_fetch_copies_the_outputs_back(stage, tmp_path):
    store.put("step", "k1", ["data/processed/t.csv"], _staged(stage))
    other = tmp_path / "other"
    assert store.fetch("step", "k1", ["data/processed/t.csv"], _staged(other))
    assert (other / "data/processed/t.csv").read_text() == "a\n1\n"
    assert not store.fetch("step", "k2", ["data/processed/t.csv"], _staged(other))  # another key
    assert not store.fetch("other-step", "k1", ["data/processed/t.csv"], _staged(other))


def test_an_entry_without_every_output_is_a_miss(stage, tmp_path):
    store.put("step", "k1", ["data/processed/t.csv"], _staged(stage))
    assert not store.fetch("step", "k1", ["data/processed/t.csv", "reports/x.html"], _staged(tmp_path / "o"))


def test_logs_travel_with_the_outputs_when_they_exist(stage, tmp_path):
    (stage / "logs").mkdir()
    (stage / "logs/read.txt").write_text("data/raw/x.csv\n")
    store.put("step", "k1", ["data/processed/t.csv"], _staged(stage), ["logs/read.txt", "logs/absent.txt"])
    other = tmp_path / "other"
    assert store.fetch("step", "k1", ["data/processed/t.csv"], _staged(other), ["logs/read.txt", "logs/absent.txt"])
    assert (other / "logs/read.txt").read_text() == "data/raw/x.csv\n"
    assert not (other / "logs/absent.txt").exists()


def test_a_second_put_of_a_key_keeps_the_first(stage):
    store.put("step", "k1", ["data/processed/t.csv"], _staged(stage))
    (stage / "data/processed/t.csv").write_text("changed\n")
    store.put("step", "k1", ["data/processed/t.csv"], _staged(stage))
    assert (store.root() / "step/k1/data/processed/t.csv").read_text() == "a\n1\n"
    assert [p.name for p in (store.root() / "step").iterdir()] == ["k1"]  # no temporary folder left


def test_off_stores_and_finds_nothing(stage, monkeypatch):
    monkeypatch.setenv(store.ENV, "off")
    assert store.root() is None
    store.put("step", "k1", ["data/processed/t.csv"], _staged(stage))
    assert not store.fetch("step", "k1", ["data/processed/t.csv"], _staged(stage))


def test_the_least_recently_used_entries_beyond_keep_are_removed(stage, monkeypatch):
    monkeypatch.setattr(store, "KEEP", 2)
    for i, key in enumerate(("old", "other")):
        store.put("step", key, ["data/processed/t.csv"], _staged(stage))
        os.utime(store.root() / "step" / key, (1000 + i, 1000 + i))
    assert store.fetch("step", "old", ["data/processed/t.csv"], _staged(stage))  # used now: the most recent
    store.put("step", "new", ["data/processed/t.csv"], _staged(stage))
    assert sorted(p.name for p in (store.root() / "step").iterdir()) == ["new", "old"]


def test_an_entry_missing_a_newly_declared_output_is_replaced(stage, tmp_path):
    store.put("step", "k1", ["data/processed/t.csv"], _staged(stage))
    (stage / "reports").mkdir()
    (stage / "reports/f.png").write_bytes(b"png")
    outputs = ["data/processed/t.csv", "reports/f.png"]
    assert not store.fetch("step", "k1", outputs, _staged(tmp_path / "o"))
    store.put("step", "k1", outputs, _staged(stage))
    assert store.fetch("step", "k1", outputs, _staged(tmp_path / "o"))
