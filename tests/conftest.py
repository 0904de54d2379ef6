import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))   # the tests' own `support` package

from support.tools import CORPUS, require_tool  # noqa: E402


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
