import importlib.util
import sys
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def load_packaging_module(name: str):
    """packaging/ holds scripts, not a package: import one by its path."""
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(PACKAGING))  # build.py imports bundle_contents as a sibling
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def icons_module():
    return load_packaging_module("icons")


@pytest.fixture(scope="session")
def build_module():
    return load_packaging_module("build")


@pytest.fixture(scope="session")
def contents_module():
    return load_packaging_module("bundle_contents")
