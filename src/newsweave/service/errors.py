"""The one place where errors become HTTP answers.

Every error answer is JSON, ``{"error": "<one line>"}`` (plus ``"status"``), and never
carries a stack trace; unexpected exceptions are logged and answered with a generic 500.

==========================  ======  ============================================
error                       status  when
==========================  ======  ============================================
NotFoundError               404     no story with that id
BodyTooLarge                413     the request body is over the size limit
UnsupportedMediaType        415     a content type the endpoint does not read
EmptyClusterError           422     nothing left to summarize
InputError                  422     the body is not usable (invalid JSON: 400)
OptionsError                400     an option out of range, an unknown method
Unauthorized                401     a write without the bearer token
StoreError                  503     the database cannot be reached or written
BackendError                502     a language-model backend failed or gave nothing usable
MissingExtraError           501     the server lacks an optional dependency
NewsweaveError (other)      400
==========================  ======  ============================================
"""

from __future__ import annotations

from ..errors import (
    BackendError,
    EmptyClusterError,
    InputError,
    MissingExtraError,
    NewsweaveError,
    NotFoundError,
    OptionsError,
    StoreError,
)

__all__ = ["BadRequest", "BodyTooLarge", "HTTPError", "Unauthorized", "UnsupportedMediaType", "status_for"]


class HTTPError(NewsweaveError):
    """An error that exists only at the HTTP layer; ``status`` is its answer."""

    status = 400


class BadRequest(HTTPError):
    """The body cannot be parsed at all (invalid JSON, binary, not UTF-8)."""

    status = 400


class Unauthorized(HTTPError):
    status = 401


class BodyTooLarge(HTTPError):
    status = 413


class UnsupportedMediaType(HTTPError):
    status = 415


# Most specific first: the first class the error is an instance of decides.
_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (NotFoundError, 404),
    (EmptyClusterError, 422),
    (InputError, 422),
    (OptionsError, 400),
    (StoreError, 503),
    (BackendError, 502),
    (MissingExtraError, 501),
)


def status_for(error: NewsweaveError) -> int:
    """The HTTP status for ``error``."""
    if isinstance(error, HTTPError):
        return error.status
    for kind, status in _STATUS:
        if isinstance(error, kind):
            return status
    return 400
