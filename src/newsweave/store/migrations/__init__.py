"""Alembic migrations of the store; :func:`newsweave.store.migrate.upgrade` runs them on start."""
