"""The key an article's URL is stored under, so the same page posted twice is one article.

Two URLs name the same article when they differ only in what does not choose the page:
the scheme's and host's case, a default port, the fragment, an empty path, the order of
query parameters, and the tracking parameters campaigns and share buttons append
(``utm_*``, ``fbclid``, ``gclid`` and their kin). Everything else, the path's case
included, is kept: many sites serve different pages for ``/A`` and ``/a``.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import InputError

__all__ = ["url_key"]

# Parameters that track who shared or which campaign brought the reader, never which page.
_TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "hsa_")
_TRACKING = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "li_fat_id",
        "igshid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id",
        "cmpid", "ncid", "ocid", "spm", "s_cid", "at_medium", "at_campaign", "smid", "cid_source",
    }
)  # fmt: skip
_DEFAULT_PORTS = {"http": 80, "https": 443}


def url_key(url: str) -> str:
    """The normalised form of an http(s) ``url`` (see the module docstring).

    Raises:
        InputError: ``url`` is not an absolute http or https URL.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as err:
        raise InputError(f"url {url!r} cannot be read ({err})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise InputError(f"url {url!r} is not an absolute http or https URL")
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k))
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING or lowered.startswith(_TRACKING_PREFIXES)
