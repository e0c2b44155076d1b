import os
from pathlib import Path

# Qt tests run headless everywhere; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "resources" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
