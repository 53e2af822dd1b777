"""Bringing a database's schema up to date with Alembic, on every open.

The migrations live in ``migrations/versions`` (one file per schema change, never
edited once released). :func:`upgrade` runs the missing ones inside one transaction
on the store's own engine, so starting the service on an old file upgrades it and
starting it on a new one creates the tables.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

__all__ = ["HEAD", "alembic_config", "upgrade"]

_SCRIPTS = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions.
HEAD = "0001"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(_SCRIPTS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run every migration the database lacks, up to ``revision``."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
