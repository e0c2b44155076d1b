import os
from pathlib import Path

from hypothesis import HealthCheck, settings

# Qt tests run headless everywhere; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# CI runs the suite once on a busy two-core machine: a property test must fail on a wrong answer,
# never on a slow one (speed targets live in benchmarks/). Explicit @settings inherit this.
settings.register_profile("metricscape", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("metricscape")
