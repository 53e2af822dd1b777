"""newsweave: cited, length-controlled digests of news clusters, offline.

>>> from newsweave import summarize
>>> digest = summarize(["First article text ...", "Second article text ..."])  # doctest: +SKIP
>>> print(digest.summary)  # doctest: +SKIP
"""

from __future__ import annotations

from . import _threads  # noqa: F401  (first: sets BLAS threads before NumPy loads)
from .errors import (
    EmptyClusterError,
    InputError,
    MissingExtraError,
    NewsweaveError,
    OptionsError,
    ResumeError,
    UnknownMethodError,
)
from .models import Article, Citation, Cluster, Digest, DigestSentence, Removal, Sentence, Source
from .options import Options, load_options
from .pipeline import summarize

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Citation",
    "Cluster",
    "Digest",
    "DigestSentence",
    "EmptyClusterError",
    "InputError",
    "MissingExtraError",
    "NewsweaveError",
    "Options",
    "OptionsError",
    "Removal",
    "ResumeError",
    "Sentence",
    "Source",
    "UnknownMethodError",
    "__version__",
    "load_options",
    "summarize",
]
