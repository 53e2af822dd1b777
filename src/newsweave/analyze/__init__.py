"""Analysis of a cluster beyond the summary: who said what (quotes), and more to come.

Each analysis reads the cleaned documents of a ``PreparedCluster`` and returns
frozen values that keep their provenance (article index and character offsets).
"""

from __future__ import annotations

from .quotes import Quote, Speaker, extract_quotes, quotes_by_speaker

__all__ = ["Quote", "Speaker", "extract_quotes", "quotes_by_speaker"]
