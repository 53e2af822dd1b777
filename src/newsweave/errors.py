"""The errors newsweave raises, and what to catch.

Every error the library raises on purpose derives from :class:`NewsweaveError`,
so a caller that wants "any newsweave problem" catches that one class. The CLI
turns each of them into a single line on stderr and exit status 2::

    NewsweaveError
    ├── InputError            a file, directory, stream or JSON record cannot be read as articles
    │   ├── EmptyClusterError a cluster has no article text left (empty, or all boilerplate),
    │   │                     or no sentence of it fits the word budget
    │   ├── FetchError        a URL cannot be fetched: bad URL or scheme, HTTP error status,
    │   │   │                 too large, too many redirects, unexpected content type
    │   │   ├── BlockedAddressError   its host is (or resolves to) a private, loopback,
    │   │   │                         link-local, multicast, reserved or unspecified address
    │   │   └── TransientFetchError   timed out, could not connect, or the server asked to
    │   │                             come back later (5xx, 429): worth trying again
    │   ├── NotAFeedError     a fetched document is not an RSS or Atom feed
    │   ├── NoArticleError    an HTML page (a file or a fetched page) has no article text
    │   └── TimeBudgetError   cleaning and splitting a cluster alone took longer than its
    │                         time budget (Options.time_budget; newsweave.limits)
    ├── OptionsError          an option has an impossible value (negative budget, unknown format)
    │   └── UnknownMethodError  no summarization method is registered under that name
    ├── MissingExtraError     an optional dependency is not installed; says which extra to install
    ├── ResumeError           an evaluation output file or a batch output directory belongs to a
    │                         different run (other options, schema, inputs), or is in use
    ├── NotFoundError         no story or article has that id (the service answers 404)
    ├── StoreError            the database cannot be opened, migrated or written
    └── BackendError          a language-model backend cannot be used: no API key, unknown model
        │                     file or package, server unreachable or answering with errors
        └── GenerationError   the model answered, but with nothing usable as a digest (no
                              sentence, or a stream that stopped mid-answer on every try)

Messages name the input and the problem, and where possible say what to do next.
"""

from __future__ import annotations

__all__ = [
    "BackendError",
    "BlockedAddressError",
    "EmptyClusterError",
    "FetchError",
    "GenerationError",
    "InputError",
    "MissingExtraError",
    "NewsweaveError",
    "NoArticleError",
    "NotAFeedError",
    "NotFoundError",
    "OptionsError",
    "ResumeError",
    "StoreError",
    "TimeBudgetError",
    "TransientFetchError",
    "UnknownMethodError",
]


class NewsweaveError(Exception):
    """Base class of every error newsweave raises deliberately."""


class InputError(NewsweaveError):
    """An input (file, directory, stream, JSON record) cannot be turned into articles."""


class EmptyClusterError(InputError):
    """A cluster has no usable article text: it is empty, was all boilerplate, or no sentence fits the budget."""


class FetchError(InputError):
    """A URL cannot be fetched: the message names the URL and what went wrong.

    Retrying will not help (a 404, a body over the size limit, a refused address);
    :class:`TransientFetchError` is the kind that may succeed later.
    """


class BlockedAddressError(FetchError):
    """The URL's host is, or resolves to, an address newsweave does not fetch by default.

    Private, loopback, link-local, multicast, reserved and unspecified addresses
    (also IPv4 ones written as IPv6) are refused so that a feed or a redirect cannot
    make newsweave reach into the network it runs in; ``allow_private=True``
    (``--allow-private``) permits them, for local testing.
    """


class TransientFetchError(FetchError):
    """A fetch failed in a way that may pass: a timeout, a refused connection, a 5xx or 429 status."""


class NotAFeedError(InputError):
    """A fetched document is not an RSS or Atom feed (an HTML page, garbage, or nothing)."""


class NoArticleError(InputError):
    """An HTML page has no article text that extraction can find."""


class TimeBudgetError(InputError):
    """A cluster used up its wall-clock budget (``Options.time_budget``) before a digest could be chosen.

    The size limits of :mod:`newsweave.limits` keep clusters well inside the default budget;
    this is the safety net behind them, raised after cleaning and splitting. A cluster that
    passes its budget later, during the analysis, is not an error: the sections not yet
    built are left out and ``Analysis.unavailable`` says so.
    """


class OptionsError(NewsweaveError):
    """An option has a value newsweave cannot work with."""


class UnknownMethodError(OptionsError):
    """No summarization method is registered under the requested name."""


class MissingExtraError(NewsweaveError):
    """An optional dependency is missing; the message names the extra to install."""


class ResumeError(NewsweaveError):
    """An existing results file (or ``newsweave batch`` output directory) was written by a run with different settings."""


class NotFoundError(NewsweaveError):
    """No story or article is stored under the requested id."""


class StoreError(NewsweaveError):
    """The database cannot be opened, migrated or written; the message says which and why."""


class BackendError(NewsweaveError):
    """A language-model backend (``newsweave.llm``) cannot be used.

    Raised for a missing API key (the message names the environment variable to set),
    a model that is neither a ``.gguf`` file nor an installed model package, a server
    that cannot be reached, times out or keeps answering with errors, and a missing
    ``llama-cpp-python``. The message says what to set or install.
    """


class GenerationError(BackendError):
    """The model answered, but nothing in the answer can be used as a digest sentence."""
