import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def require_tool(name: str) -> str:
    """The path of an external tool; missing is a skip locally, a failure under CI=true."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required under CI=true but is not installed")
        pytest.skip(f"{name} not installed")
    return path


@pytest.fixture
def pandoc():
    return require_tool("pandoc")


@pytest.fixture
def soffice():
    return require_tool("soffice")


@pytest.fixture
def chromium():
    """Debian's Chromium and its driver, for the workspace's browser tests."""
    return require_tool("chromium"), require_tool("chromedriver")


@pytest.fixture
def corpus():
    folder = CORPUS / "wmlcomparer"
    if not folder.is_dir():
        pytest.skip("../shared/corpus is not present")
    return folder
