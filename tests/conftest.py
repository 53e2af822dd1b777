import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(autouse=True)
def isolated_config(tmp_path, monkeypatch):
    """No user config file or NEWSWEAVE_* variable leaks into a test."""
    import os

    monkeypatch.setenv("NEWSWEAVE_CONFIG", str(tmp_path / "no-config.toml"))
    for key in list(os.environ):
        if key.startswith("NEWSWEAVE_") and key != "NEWSWEAVE_CONFIG":
            monkeypatch.delenv(key)
