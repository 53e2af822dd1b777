"""The errors newsweave raises, and what to catch.

Every error the library raises on purpose derives from :class:`NewsweaveError`,
so a caller that wants "any newsweave problem" catches that one class. The CLI
turns each of them into a single line on stderr and exit status 2::

    NewsweaveError
    ├── InputError            a file, directory, stream or JSON record cannot be read as articles
    │   └── EmptyClusterError a cluster has no article text left (empty, or all boilerplate),
    │                         or no sentence of it fits the word budget
    ├── OptionsError          an option has an impossible value (negative budget, unknown format)
    │   └── UnknownMethodError  no summarization method is registered under that name
    ├── MissingExtraError     an optional dependency is not installed; says which extra to install
    ├── ResumeError           an evaluation output file belongs to a different run
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
    "EmptyClusterError",
    "GenerationError",
    "InputError",
    "MissingExtraError",
    "NewsweaveError",
    "NotFoundError",
    "OptionsError",
    "ResumeError",
    "StoreError",
    "UnknownMethodError",
]


class NewsweaveError(Exception):
    """Base class of every error newsweave raises deliberately."""


class InputError(NewsweaveError):
    """An input (file, directory, stream, JSON record) cannot be turned into articles."""


class EmptyClusterError(InputError):
    """A cluster has no usable article text: it is empty, was all boilerplate, or no sentence fits the budget."""


class OptionsError(NewsweaveError):
    """An option has a value newsweave cannot work with."""


class UnknownMethodError(OptionsError):
    """No summarization method is registered under the requested name."""


class MissingExtraError(NewsweaveError):
    """An optional dependency is missing; the message names the extra to install."""


class ResumeError(NewsweaveError):
    """An existing results file was written by a run with different settings."""


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
