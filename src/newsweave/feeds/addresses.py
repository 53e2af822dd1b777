"""Which network addresses newsweave fetches from: the SSRF guard, standard library only.

A feed is input from strangers: its item links, and any redirect on the way, could
point newsweave at the network it runs in (a router's admin page, a cloud metadata
service at 169.254.169.254, a database on localhost). So every address a host name
resolves to is checked *at connect time* (see :mod:`newsweave.feeds._http`), and the
connection goes to the very address that was checked, so a DNS answer that changes
between check and connect (DNS rebinding) cannot slip through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from ..errors import BlockedAddressError, OptionsError

__all__ = ["Network", "address_kind", "checked_addresses", "networks"]

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# IPv6 forms that carry an IPv4 address inside: NAT64 (RFC 6052) is not flagged by
# ``ipaddress`` itself, so the embedded address is checked as if it were the target.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

# In this order, so that 127.0.0.1 reads as "loopback" rather than as "private"
# (``ipaddress`` counts loopback and reserved ranges among the private ones too).
_KINDS = (
    ("unspecified", "is_unspecified"),
    ("loopback", "is_loopback"),
    ("link-local", "is_link_local"),
    ("multicast", "is_multicast"),
    ("reserved", "is_reserved"),
    ("private", "is_private"),
)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_kind(address: str) -> str | None:
    """What kind of non-public address ``address`` is, or None for a public one.

    Returns one of "unspecified", "loopback", "link-local", "multicast", "reserved",
    "private", "non-global" (not routable on the internet, such as 100.64.0.0/10),
    prefixed "IPv4-mapped " when an IPv6 address carries such an IPv4 address
    (``::ffff:127.0.0.1``, 6to4, NAT64).

    Raises:
        ValueError: ``address`` is not an IP address.
    """
    ip = ipaddress.ip_address(address.strip("[]"))
    prefix = ""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            ip, prefix = inner, "IPv4-mapped "
    for kind, test in _KINDS:
        if getattr(ip, test):
            return prefix + kind
    return None if ip.is_global else prefix + "non-global"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiouIU" else f"a {kind}"


def networks(values: Iterable[str]) -> tuple[Network, ...]:
    """``("10.20.0.0/16", "127.0.0.1")`` as networks (a bare address is a network of one).

    Raises:
        OptionsError: a value is not an IP network or address.
    """
    out = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise OptionsError(f"{value!r} is not an IP network or address (such as 10.20.0.0/16)") from None
    return tuple(out)


def checked_addresses(
    host: str, port: int, *, allow_private: bool = False, allowed: Iterable[Network] = ()
) -> list[str]:
    """Resolve ``host`` and return its addresses, in the resolver's order, after checking every one.

    All of them must be public, or in one of the ``allowed`` networks (an intranet
    feed server), unless ``allow_private``: a name with one private address among
    public ones is refused, since the connection might go to it.

    Raises:
        BlockedAddressError: an address is not public (the message says which and why;
            the caller adds the URL).
        OSError: the name does not resolve (``socket.gaierror``).
    """
    host = host.strip("[]")
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if allow_private:
        return addresses
    allowed = tuple(allowed)
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if any(ip.version == net.version and ip in net for net in allowed):
            continue
        kind = address_kind(address)
        if kind is not None:
            where = f"{address} is" if address == host else f"{host} resolves to {address}, which is"
            raise BlockedAddressError(f"{where} {_a(kind)} address")
    return addresses
