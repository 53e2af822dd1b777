"""The first schema: articles, stories, digests, rejected posts, feed state.

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_ID = 64


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(_ID), nullable=False, unique=True),
        sa.Column("url", sa.Text),
        sa.Column("url_key", sa.Text, unique=True),
        sa.Column("text_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("published", sa.Text),
        _when("published_at"),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("clean_text", sa.Text, nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        _when("received_at", nullable=False),
        sa.Column("story_id", sa.String(_ID), nullable=False),
    )
    op.create_index("ix_articles_story_id", "articles", ["story_id"])
    op.create_table(
        "stories",
        sa.Column("id", sa.String(_ID), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("outlets", sa.Text, nullable=False),
        _when("first_seen"),
        _when("last_seen"),
        _when("created_at", nullable=False),
        _when("updated_at", nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("merged_into", sa.String(_ID)),
    )
    op.create_index("stories_listing", "stories", ["merged_into", "updated_at"])
    op.create_table(
        "digests",
        sa.Column("story_id", sa.String(_ID), sa.ForeignKey("stories.id"), primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        _when("computed_at", nullable=False),
        sa.Column("json", sa.Text, nullable=False),
        sa.Column("html", sa.Text, nullable=False),
    )
    op.create_table(
        "rejected",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        _when("received_at", nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_table(
        "feeds",
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        _when("checked_at"),
    )
    op.create_table(
        "feed_items",
        sa.Column("feed_url", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        _when("seen_at", nullable=False),
    )


def downgrade() -> None:
    for table in ("feed_items", "feeds", "rejected", "digests", "stories", "articles"):
        op.drop_table(table)
