"""A throwaway PostgreSQL server for tests: Debian's postgresql binaries, on 127.0.0.1.

``TEST_POSTGRES_URL`` points the tests at a server that is already running instead.
Without either, PostgreSQL tests are skipped, unless ``TEST_REQUIRE_POSTGRES=1`` (as
.ci/run sets it), when they fail: CI must not pass without having run them.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from service_helpers import free_port

_USER = "newsweave"


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found and Path(found).resolve().parent.joinpath("initdb").exists():
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    return Path(versions[-1]) if versions else None


def _as_owner(base: Path) -> list[str]:
    """initdb refuses to run as root: run the server as the postgres user then."""
    if os.geteuid() != 0:
        return []
    try:
        entry = pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail("running as root, and there is no postgres user to run a test server as")
    for path in (base, *base.rglob("*")):
        os.chown(path, entry.pw_uid, entry.pw_gid)
    return ["runuser", "-u", "postgres", "--"]


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {result.stderr.strip() or result.stdout.strip()}")


class Server:
    """``start`` runs initdb and pg_ctl in a new directory under /tmp (pytest's own tmp is
    private to root, and the server may have to run as the postgres user); ``stop`` removes it."""

    def __init__(self) -> None:
        self.base = Path(tempfile.mkdtemp(prefix="newsweave-pg-"))
        self.url: str | None = None
        self._stop: list[str] | None = None

    def start(self) -> str:
        given = os.environ.get("TEST_POSTGRES_URL")
        if given:
            self.url = given
            return given
        bindir = _bindir()
        if bindir is None:
            if os.environ.get("TEST_REQUIRE_POSTGRES") == "1":
                pytest.fail("TEST_REQUIRE_POSTGRES=1 but no PostgreSQL binaries (apt-get install postgresql)")
            pytest.skip("PostgreSQL is not installed (apt-get install postgresql), and TEST_POSTGRES_URL is not set")
        prefix = _as_owner(self.base)
        data = self.base / "data"
        port = free_port()
        _run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", _USER, "--auth=trust", "-E", "UTF8", "--no-sync"])
        options = f"-k {self.base} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
        _run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "60", "-l", str(self.base / "log"), "start"])
        self._stop = [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
        self.url = f"postgresql://{_USER}@127.0.0.1:{port}/postgres"
        return self.url

    def stop(self) -> None:
        if self._stop:
            subprocess.run(self._stop, capture_output=True, timeout=60)
        shutil.rmtree(self.base, ignore_errors=True)

    def fresh_database(self, name: str) -> str:
        """A new empty database on the server; returns its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name
