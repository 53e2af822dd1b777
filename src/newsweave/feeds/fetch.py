"""Fetching one URL safely: bounded in time and size, public addresses only, conditional.

:class:`SafeFetcher` wraps an ``httpx.Client`` whose every connection goes through the
address check of :mod:`newsweave.feeds.addresses` (also after a redirect, and on the
address actually connected to). A fetch returns a frozen :class:`FetchResult`; a 304
answer to a conditional GET is a result too (``not_modified``), not an error. What
goes wrong is a :class:`~newsweave.errors.FetchError` with a one-line message naming
the URL: :class:`~newsweave.errors.BlockedAddressError` for a refused address,
:class:`~newsweave.errors.TransientFetchError` for what may pass on a later try.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..errors import BlockedAddressError, FetchError, TransientFetchError
from ._extra import require
from .addresses import networks

__all__ = [
    "FEED_TYPES",
    "PAGE_TYPES",
    "USER_AGENT",
    "FetchLimits",
    "FetchResult",
    "SafeFetcher",
    "Validators",
]

USER_AGENT = f"newsweave/{__version__} (feed watcher; offline news digests)"

# Media types a feed is served as. text/html and text/plain are in because
# misconfigured servers send real feeds with them; the feed parser then decides
# (an HTML page is refused there as "not a feed"). What is refused here is what no
# feed is: images, PDF, archives, JSON.
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/x-rss+xml",
    "application/xml",
    "text/xml",
    "text/html",
    "text/plain",
)
PAGE_TYPES = ("text/html", "application/xhtml+xml")

_SCHEMES = ("http", "https")
# Statuses worth trying again later: the server is down, overloaded or rate-limiting
# (RFC 9110 §15.6; 429 is RFC 6585 §4). Any other 4xx will not change by waiting.
_RETRY_STATUSES = frozenset({408, 429})


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """How long and how much one fetch may take. Assumptions, not measurements: change them freely.

    connect_timeout: seconds to open the connection (TLS handshake included). A server
        that answers at all does so in well under a second; 5 s allows a slow network.
    read_timeout: the longest wait for the next bytes of the answer. 15 s, as a news
        site that takes longer to start a page is down for the reader too.
    total_timeout: the whole fetch, redirects and body included, checked between chunks
        (so it may be passed by up to one ``read_timeout``); bounds a server that drips
        a byte at a time. 60 s.
    max_bytes: the largest body (after decompression, so a gzip bomb stops too). News
        article pages weigh 50 KB to 1 MB of HTML and full-content feeds a few MB;
        5 MiB leaves room for both and keeps memory bounded.
    max_redirects: redirects followed before giving up. Feeds move (http → https, a new
        path, a tracking hop) seldom more than two or three times; browsers allow 20.
    """

    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 60.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said identifies the version it sent (RFC 9110 §8.8), for a conditional GET next time."""

    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        """``If-None-Match`` / ``If-Modified-Since`` for the validators there are."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One fetched URL: where it ended up, what came back, and the validators for next time.

    ``status`` is 2xx, or 304 when the server says the stored version is current
    (``not_modified``; ``body`` is then empty and ``validators`` are the ones sent,
    updated by any the 304 carries).
    """

    url: str  # as asked for
    final_url: str  # after redirects: relative links resolve against it
    status: int
    content_type: str | None  # the media type, lowercased, without parameters
    charset: str | None  # from the Content-Type header, if it names one
    body: bytes
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        """The body decoded with the declared charset, else UTF-8 (undecodable bytes replaced)."""
        try:
            return self.body.decode(self.charset or "utf-8", errors="replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", errors="replace")


class SafeFetcher:
    """Fetches http(s) URLs within :class:`FetchLimits`, refusing non-public addresses.

    Use it as a context manager, or call :meth:`close`; one fetcher keeps its
    connections open between fetches (a feed and its pages are often on one host).

    Args:
        allow_private: also fetch from private, loopback and other non-public
            addresses (local testing only: it lets whoever writes a feed reach the
            machine's own network).
        allow_networks: networks fetched from although not public, such as
            ``("10.20.0.0/16",)`` for an intranet feed server; everything else
            stays refused.
        limits: timeouts, size and redirect limits.
        user_agent: the User-Agent header, which names newsweave by default.

    Raises:
        OptionsError: an ``allow_networks`` value is not a network.
        MissingExtraError: httpx (the ``service`` extra) is not installed.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        allow_networks: Iterable[str] = (),
        limits: FetchLimits | None = None,
        user_agent: str = USER_AGENT,
    ) -> None:
        allowed = networks(allow_networks)
        httpx = require("httpx", "fetching feeds")
        from ._http import guarded_transport

        self.allow_private = allow_private
        self.limits = limits or FetchLimits()
        timeout = httpx.Timeout(
            connect=self.limits.connect_timeout,
            read=self.limits.read_timeout,
            write=self.limits.read_timeout,
            pool=self.limits.connect_timeout,
        )
        self._httpx = httpx
        self._client = httpx.Client(
            transport=guarded_transport(allow_private=allow_private, allowed=allowed),
            timeout=timeout,
            headers={"User-Agent": user_agent},
            follow_redirects=False,  # followed one by one in fetch(), each hop's scheme checked
            trust_env=False,
        )

    def __enter__(self) -> SafeFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self, url: str, *, validators: Validators | None = None, accept: Collection[str] | None = None
    ) -> FetchResult:
        """GET ``url``, following redirects, conditionally when ``validators`` are given.

        Args:
            url: an http or https URL.
            validators: from the last fetch of this URL; a 304 answer then gives a
                result with ``not_modified`` set.
            accept: the media types wanted (e.g. :data:`FEED_TYPES`); a response
                declaring another is refused. A response without a type is kept.

        Raises:
            BlockedAddressError: the host, or a redirect's, is not a public address.
            TransientFetchError: timeout, connection failure, HTTP 5xx, 408 or 429.
            FetchError: a bad URL or scheme, another HTTP error status, too many
                redirects, a body over ``max_bytes``, an unexpected content type.
        """
        validators = validators or Validators()
        headers = {"Accept": ", ".join(accept) if accept else "*/*", **validators.request_headers()}
        deadline = time.monotonic() + self.limits.total_timeout
        with self._errors(url, url):
            request = self._client.build_request("GET", _checked_url(url, url), headers=headers)
        for hop in range(self.limits.max_redirects + 1):
            where = f"{request.url} (redirected from {url})" if hop else url
            with self._errors(url, where):
                _checked_url(str(request.url), where)
                self._check_deadline(deadline, where)
                response = self._client.send(request, stream=True)
                try:
                    if response.next_request is None:
                        return self._result(url, response, validators, accept, deadline, where)
                    request = response.next_request
                finally:
                    response.close()
        raise FetchError(f"{url}: more than {self.limits.max_redirects} redirects")

    def _result(
        self,
        url: str,
        response: Any,
        sent: Validators,
        accept: Collection[str] | None,
        deadline: float,
        where: str,
    ) -> FetchResult:
        status = response.status_code
        media_type, charset = _content_type(response.headers.get("content-type"))
        validators = Validators(
            etag=response.headers.get("etag") or (sent.etag if status == 304 else None),
            last_modified=response.headers.get("last-modified") or (sent.last_modified if status == 304 else None),
        )
        if status != 304:
            _check_status(status, response.reason_phrase, where)
            if accept and media_type is not None and media_type not in accept:
                raise FetchError(f"{where}: content type {media_type}, expected {' or '.join(accept)}")
        body = b"" if status == 304 else self._body(response, deadline, where)
        return FetchResult(
            url=url,
            final_url=str(response.url),
            status=status,
            content_type=media_type,
            charset=charset,
            body=body,
            validators=validators,
        )

    def _body(self, response: Any, deadline: float, where: str) -> bytes:
        """The body, read in chunks, stopped past ``max_bytes`` or the total deadline."""
        limit = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{where}: response is {int(declared):,} bytes, over the {limit:,}-byte limit")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{where}: response is over the {limit:,}-byte limit")
            self._check_deadline(deadline, where)
            chunks.append(chunk)
        return b"".join(chunks)

    def _check_deadline(self, deadline: float, where: str) -> None:
        if time.monotonic() > deadline:
            raise TransientFetchError(f"{where}: took longer than {self.limits.total_timeout:g} s in all")

    @contextlib.contextmanager
    def _errors(self, url: str, where: str) -> Iterator[None]:
        """httpx's exceptions, and the address guard's, as one-line newsweave errors naming the URL."""
        httpx = self._httpx
        try:
            yield
        except BlockedAddressError as err:
            raise BlockedAddressError(
                f"refusing to fetch {where}: {err}; pass allow_private=True (--allow-private) to permit"
            ) from None
        except httpx.TimeoutException as err:
            phase = {httpx.ConnectTimeout: "connecting", httpx.PoolTimeout: "waiting for a connection"}
            raise TransientFetchError(f"{where}: timed out {phase.get(type(err), 'reading the response')}") from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as err:
            raise TransientFetchError(f"{where}: {_one_line(err) or 'connection failed'}") from None
        except httpx.HTTPError as err:  # UnsupportedProtocol, LocalProtocolError, DecodingError ...
            raise FetchError(f"{where}: {_one_line(err) or type(err).__name__}") from None
        except httpx.InvalidURL as err:
            raise FetchError(f"{url}: not a valid URL ({_one_line(err)})") from None


def _checked_url(url: str, where: str) -> str:
    """``url`` if it is an absolute http(s) URL with a host."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in _SCHEMES:
        raise FetchError(f"{where}: only http and https URLs are fetched")
    if not rest.split("/", 1)[0].rsplit("@", 1)[-1]:
        raise FetchError(f"{where}: the URL has no host")
    return url


def _check_status(status: int, reason: str, where: str) -> None:
    if 200 <= status < 300:
        return
    message = f"{where}: HTTP {status} {reason}".rstrip()
    if status >= 500 or status in _RETRY_STATUSES:
        raise TransientFetchError(message)
    if 300 <= status < 400:
        raise FetchError(f"{message} without a Location to follow")
    raise FetchError(message)


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    """``("text/html", "utf-8")`` from ``text/html; charset=UTF-8``."""
    if not header:
        return None, None
    media_type, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower() or None
    return media_type.lower() or None, charset


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())
