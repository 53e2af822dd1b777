"""Hypothesis strategies for whole-pipeline fuzzing (tests/test_fuzz.py, benchmarks/fuzz.py).

Articles are built from pieces of real-looking news prose mixed with what scrapers and
attackers bring: arbitrary Unicode, HTML fragments, control characters, right-to-left
text, long runs without a space, empty articles, many tiny articles and one giant one.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# CI: bounded and deterministic; the benchmark's profile runs many more examples.
settings.register_profile(
    "ci",
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz", max_examples=2_000, derandomize=True, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)  # fmt: skip

PROSE = [
    "The council voted on Monday to close the bridge after engineers found cracks in its supports.",
    'Mayor Ann Holt said: "We will not reopen it until it is safe."',
    "He added that repairs could cost $2.3 million and take 14 months.",
    "Related news: Council to vote on harbour budget",
    "By Clara Henshaw, Staff Reporter",
    "PORTVALE, March 3 (Reuters) - Rescue crews worked through the night.",
    "© 2025 Northwind Press. All rights reserved.",
    "Fourteen people were injured, nine of them pulled from the water by firefighters.",
    "It is too early to say what failed, the chief engineer said.",
]
HTML = ["<p>", "</p>", "<script>alert(1)</script>", "<b>", "&amp;", "&#x202e;", "<br/>", "<!-- c -->", "<a href='x'>"]
CONTROL = ["\x00", "\x01", "\x0b", "\x0c", "\x1b[31m", "\u200b", "\ufeff", "\u2028", "\u202e", "\r", "\t"]
RTL = ["قال المتحدث باسم الوزارة إن الجسر مغلق.", "הגשר נסגר ביום שני.", "\u202bمرحبا\u202c"]

piece = st.one_of(
    st.sampled_from(PROSE),
    st.sampled_from(HTML),
    st.sampled_from(CONTROL),
    st.sampled_from(RTL),
    st.sampled_from(["\n", "\n\n", " ", ". ", "?!", '"', "“", "”", "—", "Mr.", "U.S.", "8.2%"]),
    st.text(max_size=40),
    st.builds(lambda c, n: c * n, st.sampled_from("x-.—\"'(A1 "), st.integers(1, 3_000)),
)
article = st.lists(piece, max_size=30).map("".join)
# One giant article (real prose repeated to over the default limits) among ordinary ones.
giant = st.builds(
    lambda a, n, sep: sep.join([a] * n),
    st.sampled_from(PROSE),
    st.integers(2_000, 30_000),
    st.sampled_from([" ", "\n"]),
)
cluster = st.one_of(
    st.lists(article, min_size=0, max_size=6),
    st.lists(st.sampled_from(PROSE + ["", "x", "."]), min_size=50, max_size=200),  # many tiny articles
    st.builds(lambda g, rest: [g, *rest], giant, st.lists(article, max_size=2)),  # one giant one
    st.lists(st.text(), max_size=4),  # arbitrary Unicode
)
STRATEGIES = {"mixed pieces": st.lists(article, min_size=0, max_size=6), "cluster": cluster}
