"""The httpx transport behind :class:`~newsweave.feeds.fetch.SafeFetcher`: every connection checked.

Imported only through :func:`guarded_transport`, once httpx is known to be there.
"""

from __future__ import annotations

import typing

import httpcore
import httpx

from .addresses import Network, checked_addresses


class _GuardedBackend(httpcore.SyncBackend):
    """httpcore's own socket backend, resolving names itself and connecting only to checked addresses.

    httpcore asks the backend for a TCP connection to ``host:port`` for every new
    connection, the first one and each after a redirect alike; TLS then runs on the
    returned stream with the host name for SNI and certificate checks, so HTTPS works
    as usual while the socket goes to an address that passed the check.
    """

    def __init__(self, *, allow_private: bool, allowed: tuple[Network, ...]) -> None:
        self._allow_private = allow_private
        self._allowed = allowed

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        try:
            # getaddrinfo takes no timeout: a hanging resolver is bounded by the system's own.
            addresses = checked_addresses(host, port, allow_private=self._allow_private, allowed=self._allowed)
        except OSError as err:
            raise httpcore.ConnectError(f"cannot resolve {host} ({err.strerror or err})") from err
        failure: httpcore.ConnectError | None = None
        for address in addresses:  # as socket.create_connection does: each in turn until one answers
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as err:
                failure = err
        raise failure or httpcore.ConnectError(f"{host} has no address")


def guarded_transport(*, allow_private: bool, allowed: tuple[Network, ...] = ()) -> httpx.HTTPTransport:
    """An ``httpx.HTTPTransport`` whose connections go through :class:`_GuardedBackend`.

    No proxy is used (``trust_env=False``): through a proxy the address check would
    see the proxy's address, not the target's.
    """
    transport = httpx.HTTPTransport(trust_env=False)
    limits = httpx.Limits()  # httpx's defaults, as HTTPTransport itself would use
    # httpx (0.28, 0.29) takes no network backend for its transport (encode/httpx PR
    # #3749 would add one), so the pool it built is replaced by one on the guarded
    # backend. Refuse to run if that pool is not where it is expected: fail closed.
    if not isinstance(getattr(transport, "_pool", None), httpcore.ConnectionPool):
        raise RuntimeError(f"httpx {httpx.__version__}: HTTPTransport has no httpcore pool to guard")
    transport._pool.close()
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False),
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_GuardedBackend(allow_private=allow_private, allowed=allowed),
    )
    return transport
