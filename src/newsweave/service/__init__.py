"""The story desk as a service: store, clustering, digests, HTTP API and web page.

* :class:`~newsweave.service.desk.Desk` — the library core (no web imports): add
  articles, keep stories, compute digests; ``newsweave watch --db`` uses it directly;
* :func:`~newsweave.service.app.create_app` — the FastAPI application over a desk;
* :class:`~newsweave.service.settings.Settings` — where it listens, the token, limits.

Needs the ``service`` extra.
"""
