"""``metricscape evidence`` and ``metricscape experiments``: the JSON contract, the import, its errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from evidence_trees import linked_logs, pair_tree

from metricscape.cli import main
from metricscape.io import load, save
from metricscape.model.actuals import Actuals

LINK_KEYS = {"source", "target", "stated", "estimate", "low", "high", "periods", "lag", "method", "granger_p",
             "level_correlation", "verdict"}
LEDGER_KEYS = {"ledger_slope", "ledger_low", "ledger_high", "naive_slope", "sign_agreement", "experiments"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def model(tmp_path: Path) -> Path:
    lx, ly = linked_logs(104, 0.6, seed=1)
    path = tmp_path / "shop.json"
    save(pair_tree(np.exp(lx), np.exp(ly), elasticity=0.6), path)
    return path


def ledger_csv(tmp_path: Path, n: int = 30) -> Path:
    rng = np.random.default_rng(9)
    true = rng.normal(0, 0.03, n)
    lines = ["experiment,metric,lift,se"]
    for i, effect in enumerate(true):
        lines += [f"test {i},visits,{effect + rng.normal(0, 0.01):.5f},0.01",
                  f"test {i},revenue,{0.5 * effect + rng.normal(0, 0.005):.5f},0.005"]
    path = tmp_path / "ledger.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_evidence_json_has_the_contract_keys_and_a_verdict_per_link(capsys, model: Path) -> None:
    code, out, _ = run(capsys, "evidence", str(model), "--json")
    report = json.loads(out)
    assert code == 0 and report["grain"] == "week"
    [link] = report["links"]
    assert LINK_KEYS <= set(link)
    assert (link["source"], link["target"], link["stated"], link["verdict"]) == ("visits", "revenue", 0.6, "supports")
    assert link["low"] < 0.6 < link["high"] and link["periods"] == 104 and link["lag"] == 0
    assert report["proxies"] == []


def test_evidence_prints_a_verdict_in_words(capsys, model: Path) -> None:
    code, out, _ = run(capsys, "evidence", str(model))
    assert code == 0 and "Visits → Revenue: supports" in out and "The data support it" in out


def test_importing_a_ledger_saves_it_and_the_proxy_gets_its_slope(capsys, model: Path, tmp_path: Path) -> None:
    code, out, err = run(capsys, "experiments", str(model), "--import", str(ledger_csv(tmp_path)), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["imported_rows"] == 60 and summary["experiments"] == 30 and len(summary["added"]) == 30
    assert len(load(model).tree.experiments) == 30
    [proxy] = summary["proxies"]
    assert LEDGER_KEYS <= set(proxy) and proxy["experiments"] == 30
    assert proxy["ledger_low"] < proxy["ledger_slope"] < proxy["ledger_high"]
    _, out, _ = run(capsys, "evidence", str(model), "--json")
    [proxy] = json.loads(out)["proxies"]
    assert LEDGER_KEYS <= set(proxy) and proxy["proxy"] == "visits"


def test_a_bad_ledger_imports_nothing_and_leaves_the_file_as_it_was(capsys, model: Path, tmp_path: Path) -> None:
    before = model.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("experiment,metric,lift,se\nA,visits,0.01,0.01\nB,clicks,0.01,0.01\n", encoding="utf-8")
    code, out, err = run(capsys, "experiments", str(model), "--import", str(bad))
    assert code == 1 and out == ""
    assert "nothing was imported" in err and "line 3, column metric: there is no metric 'clicks'" in err
    assert model.read_bytes() == before


def test_check_reads_the_actuals_for_the_evidence_rules(capsys, tmp_path: Path) -> None:
    lx, ly = linked_logs(104, 0.6, seed=2)
    path = tmp_path / "contradicted.json"
    save(pair_tree(np.exp(lx), np.exp(ly), elasticity=1.5), path)
    code, out, _ = run(capsys, "check", str(path), "--json", "--today", "2026-01-01")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert "elasticity-contradicted" in rules
    assert code == 0  # a warning: only errors fail the check by default


def test_a_model_without_actuals_says_what_to_import_and_its_json_still_lists_every_link(capsys, tmp_path: Path
                                                                                         ) -> None:
    path = tmp_path / "bare.json"
    save(pair_tree([1.0], [1.0]).model_copy(update={"actuals": Actuals()}), path)
    code, out, _ = run(capsys, "evidence", str(path))
    assert code == 0 and "no actuals yet" in out and "Visits → Revenue" not in out
    _, out, _ = run(capsys, "evidence", str(path), "--json")
    [link] = json.loads(out)["links"]
    assert link["verdict"] == "no_data" and link["estimate"] is None
