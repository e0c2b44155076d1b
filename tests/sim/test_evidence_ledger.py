"""The experiment ledger's slope: corrected for noise in both lifts, checked against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from metricscape.model import MetricTree
from metricscape.model.experiments import Experiment, Lift
from metricscape.sim.evidence.ledger import ledger_evidence
from metricscape.sim.evidence.sizing import size_with_evidence
from metricscape.sim.results import ExperimentResult, ExperimentRow


def ledger_tree(proxy: np.ndarray, star: np.ndarray, se_proxy: float, se_star: float) -> MetricTree:
    experiments = tuple(
        Experiment(name=f"test {i}", lifts=(Lift(metric="activation", lift=float(p), se=se_proxy),
                                            Lift(metric="revenue", lift=float(s), se=se_star)))
        for i, (p, s) in enumerate(zip(proxy, star, strict=True)))
    return MetricTree.model_validate({
        "metrics": [{"id": "revenue", "name": "Revenue", "kind": "north_star"},
                    {"id": "activation", "name": "Activation", "kind": "proxy"}],
        "links": [{"source": "activation", "target": "revenue", "elasticity": 0.4}],
        "experiments": experiments})


def noisy_ledger(seed: int, n: int = 40, slope: float = 0.4, se_proxy: float = 0.02, se_star: float = 0.01
                 ) -> tuple[MetricTree, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    true_proxy = rng.normal(0.0, 0.03, n)
    true_star = slope * true_proxy + rng.normal(0.0, 0.002, n)
    proxy = true_proxy + rng.normal(0.0, se_proxy, n)
    star = true_star + rng.normal(0.0, se_star, n)
    return ledger_tree(proxy, star, se_proxy, se_star), proxy, star


def test_the_naive_slope_is_ordinary_least_squares_and_the_corrected_one_removes_the_noise_variance() -> None:
    tree, proxy, star = noisy_ledger(seed=1)
    found = ledger_evidence(tree, "activation")
    assert found.naive_slope == pytest.approx(stats.linregress(proxy, star).slope)
    # Fuller's attenuation correction: reliability = (var - se²) / var
    reliability = (np.var(proxy, ddof=1) - 0.02**2) / np.var(proxy, ddof=1)
    assert found.ledger_slope == pytest.approx(stats.linregress(proxy, star).slope / reliability)
    assert found.ledger_low is not None and found.ledger_high is not None
    assert found.ledger_low < found.ledger_slope < found.ledger_high
    agreeing = int(np.sum(np.sign(proxy) == np.sign(star)))
    assert found.agreeing == agreeing and found.sign_agreement == agreeing / 40
    assert f"In {agreeing} of 40 experiments" in found.message


def test_the_corrected_slope_is_closer_to_the_truth_than_the_naive_one_over_many_seeds() -> None:
    naive_errors, corrected_errors = [], []
    for seed in range(200):
        found = ledger_evidence(noisy_ledger(seed)[0], "activation")
        assert found.naive_slope is not None
        naive_errors.append(abs(found.naive_slope - 0.4))
        if found.ledger_slope is not None:
            corrected_errors.append(abs(found.ledger_slope - 0.4))
    assert len(corrected_errors) >= 190
    assert np.median(corrected_errors) < 0.6 * np.median(naive_errors)


def test_the_interval_is_reproducible_and_covers_the_truth_most_of_the_time() -> None:
    first = ledger_evidence(noisy_ledger(3)[0], "activation")
    assert ledger_evidence(noisy_ledger(3)[0], "activation") == first
    covered = 0
    for seed in range(60):
        found = ledger_evidence(noisy_ledger(seed)[0], "activation")
        if found.ledger_low is not None and found.ledger_high is not None:
            covered += found.ledger_low <= 0.4 <= found.ledger_high
    assert covered >= 45  # a 90 % interval, bootstrapped: allow some slack


def test_the_true_effects_correlation_is_near_one_when_the_proxy_explains_the_north_star() -> None:
    found = ledger_evidence(noisy_ledger(4, n=400)[0], "activation")
    assert found.true_correlation is not None and found.true_correlation > 0.8


def test_too_few_experiments_give_no_slope() -> None:
    tree = ledger_tree(np.array([0.01, 0.02]), np.array([0.004, 0.01]), 0.01, 0.01)
    found = ledger_evidence(tree, "activation")
    assert found.ledger_slope is None and found.experiments == 2 and "at least 3" in found.message


def _sizing_result() -> ExperimentResult:
    rows = [ExperimentRow("revenue", "Revenue", "north_star", 1.0, 1.01, 1.0, 3.0, "unit_variability", 620_000, ""),
            ExperimentRow("activation", "Activation", "proxy", 0.2, 0.21, 5.0, 2.0, "unit_variability", 48_000, "")]
    return ExperimentResult("Launch", 0.05, 0.8, rows, "activation", "")


def test_sizing_recommends_a_validated_proxy_in_the_words_a_pm_reads() -> None:
    tree = noisy_ledger(1)[0]
    ledger = ledger_evidence(tree, "activation")
    assert ledger.validated
    advice = size_with_evidence(_sizing_result(), {"activation": ledger})
    assert advice.recommended == "activation"
    assert advice.message.startswith(
        f"Size on the proxy: 48k users per arm instead of 620k on the north star; it is validated by 40 past "
        f"experiments (slope {ledger.ledger_slope:.2f}, 90 % interval {ledger.ledger_low:.2f}–"
        f"{ledger.ledger_high:.2f}).")


def test_sizing_marks_a_fast_proxy_without_validation() -> None:
    advice = size_with_evidence(_sizing_result(), {})
    assert advice.recommended == "revenue"
    proxy = next(r for r in advice.rows if r.metric == "activation")
    assert proxy.fast_unvalidated and not proxy.validated
    assert "no past experiments validate it" in advice.message


def test_a_lower_is_better_proxy_agrees_when_it_falls_as_the_north_star_rises() -> None:
    tree, proxy, star = noisy_ledger(5, slope=-0.4)
    data = tree.model_dump()
    data["metrics"][1]["direction"] = "lower"
    found = ledger_evidence(MetricTree.model_validate(data), "activation")
    opposite = int(np.sum(np.sign(proxy) != np.sign(star)))
    assert found.agreeing == opposite and opposite > 25
    assert f"In {opposite} of 40 experiments ‘Activation’ and the north star moved the way they should" in found.message
    assert found.ledger_slope is not None and found.ledger_slope < 0
    assert found.ledger_low is not None and found.ledger_high is not None and found.ledger_high < 0
    assert f"(90 % interval {found.ledger_low:.2f} to {found.ledger_high:.2f})" in found.message


@pytest.mark.parametrize(("n", "text"), [(48_213, "48k"), (620_000, "620k"), (1_210_000, "1.2M"),
                                         (313_781_809, "314M"), (2_500_000_000, "2.5B"), (9_876, "9,876")])
def test_sample_sizes_read_as_a_pm_says_them(n: int, text: str) -> None:
    from metricscape.sim.evidence.sizing import users
    assert users(n) == text
