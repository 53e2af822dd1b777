"""``newsweave serve``: the story desk on 127.0.0.1, on a SQLite file or PostgreSQL."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from .._flags import llm_choice
from .settings import DEFAULT_DB, TOKEN_ENV, Settings, read_token


@click.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, help="SQLite file path, or postgresql://user@host/db.")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (beyond loopback needs a token)."
)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--token-file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help=f"File whose first line is the bearer token writes need (default: ${TOKEN_ENV}).")  # fmt: skip
@click.option("--words", type=int, default=None, help="Digest length in words (default 250).")
@click.option(
    "--settle",
    type=float,
    default=None,
    help="Seconds a story must be quiet before its digest is recomputed (default 2).",
)
@click.option("--feed", "feeds", multiple=True, help="An RSS or Atom feed to watch (repeat for more); its new items are added.")
@click.option("--poll", type=float, default=900.0, show_default=True, help="Seconds between polls of the feeds.")
@click.option("--allow-private", is_flag=True, help="Let feeds and their pages be on private or loopback addresses (testing only).")
@click.option("--method", default=None, help="Summarization method of the stories' digests (see `newsweave methods`).")
@llm_choice
def serve(
    db: str, host: str, port: int, token_file: Path | None, words: int | None, settle: float | None,
    feeds: tuple[str, ...], poll: float, allow_private: bool, method: str | None, **llm_settings: str | None,
) -> None:  # fmt: skip
    """Serve stories and their digests over HTTP (API, web page, OpenAPI at /docs)."""
    from ..feeds._extra import require

    require("fastapi", "newsweave serve")
    uvicorn = require("uvicorn", "newsweave serve")

    from ..options import load_options
    from ..store import Store
    from .app import create_app
    from .desk import Desk
    from .digests import SETTLE_SECONDS

    settings = Settings(
        db=db, host=host, port=port, token=read_token(token_file), words=words, feeds=feeds, poll_seconds=poll,
        allow_private=allow_private,
    ).check()  # fmt: skip
    digest_options = load_options(words=words, method=method, **llm_settings)
    store = Store(settings.db)
    desk = Desk(store, digest_options=digest_options, settle=SETTLE_SECONDS if settle is None else settle)
    logging.basicConfig(level=logging.INFO, format="newsweave: %(message)s")
    where = "" if settings.is_loopback() else " (token required for writes)"
    click.echo(
        f"newsweave: serving {store.url} on http://{host}:{port}{where}; "
        f"{desk.replayed} stored articles replayed, {store.counts()['stories']} stories",
        err=True,
    )
    desk.start(db=settings.db)  # summarizing in a process of its own
    feed_desk = None
    if settings.feeds:
        from .feeds import FeedDesk

        feed_desk = FeedDesk(desk, settings.feeds, allow_private=settings.allow_private)
        feed_desk.start(settings.poll_seconds)
    try:
        uvicorn.run(create_app(desk, settings), host=host, port=port, log_level="warning", access_log=False)
    finally:
        if feed_desk is not None:
            feed_desk.close()
        desk.stop()
        store.close()
