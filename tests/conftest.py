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


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session (see tests/pg.py)."""
    from pg import Server

    server = Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server, request):
    """The URL of a new, empty PostgreSQL database for one test."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    return postgres_server.fresh_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """Each store test runs on a SQLite file and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "newsweave.db")
    return request.getfixturevalue("postgres_url")
