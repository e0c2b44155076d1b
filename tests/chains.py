"""Deep formula chains (issue 16, item 3), shared by the tests and the hostile corpus."""

from __future__ import annotations

from typing import Any


def chain_document(depth: int) -> dict[str, Any]:
    """A model file whose north star is computed through ``depth`` metrics in a row, with a scenario."""
    metrics: list[dict[str, Any]] = [
        {"id": f"m{i}", "name": f"Metric {i}", "kind": "north_star" if i == 0 else "input", "formula": f"m{i + 1} + 1"}
        for i in range(depth - 1)]
    leaf = f"m{depth - 1}"
    metrics.append({"id": leaf, "name": "Leaf", "unit": "users", "baseline": 1.0,
                    "uncertainty": {"low": 0.5, "high": 1.5}})
    scenario = {"id": "grow", "name": "Grow", "changes": [{"metric": leaf, "mode": "relative", "value": 10}]}
    return {"format": "metricscape", "schema_version": 1, "model": {"metrics": metrics, "scenarios": [scenario]}}
