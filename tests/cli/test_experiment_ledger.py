"""``metricscape experiment`` with a ledger: the sizing on the validated proxy, in one sentence."""

from __future__ import annotations

from evidence_app_trees import evidence_tree

from metricscape.cli import main
from metricscape.io import save
from metricscape.model import MetricTree
from metricscape.sim import Engine
from metricscape.sim.evidence.ledger import ledger_evidence
from metricscape.sim.evidence.sizing import users


def with_scenario(tree: MetricTree) -> MetricTree:
    data = tree.model_dump()
    data["scenarios"] = [{"id": "more_visits", "name": "More visits",
                          "changes": [{"metric": "visits", "mode": "relative", "value": 3.0}]}]
    return MetricTree.model_validate(data)


def test_the_experiment_command_sizes_on_the_validated_proxy(tmp_path, capsys) -> None:
    tree = with_scenario(evidence_tree())
    path = tmp_path / "model.json"
    save(tree, path)
    assert main(["experiment", str(path), "--scenario", "more_visits"]) == 0
    last = capsys.readouterr().out.rstrip().splitlines()[-1]
    sizes = {r.metric: r.sample_size_per_arm for r in Engine(tree).experiment("more_visits").rows}
    ledger = ledger_evidence(tree, "visits")
    assert ledger.validated and ledger.experiments == 30
    assert last.startswith(f"Size on the proxy: {users(sizes['visits'])} users per arm instead of "
                           f"{users(sizes['revenue'])} on the north star; it is validated by 30 past experiments")


def test_without_a_ledger_the_experiment_command_says_nothing_more(tmp_path, capsys) -> None:
    path = tmp_path / "model.json"
    save(with_scenario(evidence_tree(with_ledger=False)), path)
    assert main(["experiment", str(path), "--scenario", "more_visits"]) == 0
    assert "Size on the proxy" not in capsys.readouterr().out
