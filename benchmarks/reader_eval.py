"""Reader-level checks of digests: what a reader trips over, not what ROUGE counts.

    python benchmarks/reader_eval.py [--methods default,lead] [--words 250] [--samples N]

For each method, on fulltext-dev (92 clusters) and on the seed cluster, it prints:

- **orphan openers**: share of digest sentences that open with a pronoun, a
  connective or a bare role noun ("He", "It", "But", "Also", "This", "The
  spokesman", "The minister") while the sentence before it in the digest is not
  the sentence before it in its article (same article, adjacent); an article's
  first sentence counts when it opens with a pronoun or connective (it has no
  antecedent at all), not for a role noun (the article's first mention);
- **unbalanced quotes**: share of digest sentences whose double quotation marks do
  not pair up (a piece of a longer quotation);
- **dateline openers**: share of digest sentences opening with a dateline or wire
  credit ("LOS ANGELES (Reuters) -", "(CNN) —", "TEHRAN –");
- **quote first**: share of digests whose first sentence is a quotation;
- **lede from an opening**: share of digests whose first sentence is among the first
  two sentences of its article;
- **articles cited**: share of the cluster's articles with text that the digest cites
  (as the source of a sentence or as also reporting it), averaged over clusters;
- **headline**: share of digests that carry a headline.

The word lists and patterns here are written for this benchmark on their own, not
imported from the pipeline, so the check does not grade the selector by its own rules.
``--samples N`` prints up to N offending sentences of each kind for the default method.
``--marks`` prints instead how often a cleaned sentence closes a quotation it never
opens (``coherence.quote_balance`` below 0) on fulltext-dev and val[:300]: the figure
behind reading quotation marks in cased text only.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from newsweave.errors import NewsweaveError
from newsweave.ingest import read_clusters
from newsweave.models import Cluster, Digest
from newsweave.options import load_options
from newsweave.pipeline import summarize_cluster

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
FULLTEXT = SHARED / "multinews" / "fulltext-dev.jsonl"
SEEDS = SHARED / "seeds"

_LEANING_WORDS = (
    "he she it they his her its their them this these that those such"
    " but and also however still yet so meanwhile instead moreover furthermore nevertheless nonetheless"
    " then thus therefore hence besides otherwise likewise similarly later afterwards indeed plus or nor"
    " again too though"
).split()
_LEANING_PHRASES = (
    "in addition,",
    "as a result",
    "in turn",
    "even so",
    "at the same time",
    "on the other hand",
    "by contrast",
    "in contrast",
    "for his part",
    "for her part",
    "for their part",
    "in response",
    "at that time",
    "the next day",
    "the same day",
)
# Nouns that stand for someone or something named before when a sentence opens
# with "The …" ("The spokesman added", "The company said"), unless what follows
# identifies them ("The spokesman, Ali Rabiei, …", "The spokesman [Ali Rabiei] …",
# "The company that …").
_ROLE_NOUNS = (
    "spokesman|spokeswoman|spokesperson|minister|diplomat|official|officials|company|firm|agency|ministry"
    "|group|team|couple|pair|suspect|man|woman|source|researchers|study"
)
_ROLE_OPENER = re.compile(
    rf"^(?:The|That|This)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_ROLE_NOUNS})\b"
    r"(?!\s*,?\s*(?:\[|[A-Z][\w'’-]+)|\s+(?:of|from|who|that|which|whose|in|at|for|with)\b|['’]s\b)"
)
_OPEN_QUOTE = re.compile(r"""^\s*(?:["“‘„]|'')""")
_DATELINE = re.compile(
    r"""^\s*(?:
        \((?:AP|Reuters|AFP|CNN|UPI|Bloomberg|dpa|Xinhua|IRNA|TASS|Yonhap|[A-Z][A-Za-z. ]{1,30})\)\s*[-–—:]?
      | [A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?(?:,\s*\d{4})?)?
        \s*(?:\([^)]{1,40}\))?\s*[-–—]{1,2}\s
      | [A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,3}\s*\((?:AP|Reuters|AFP|CNN|UPI|Xinhua|IRNA|Sputnik|TASS)\)
    )""",
    re.VERBOSE,
)


def leaning_opener(text: str) -> bool:
    """Whether ``text`` opens with a word or phrase that leans on an earlier sentence."""
    stripped = text.lstrip()
    if _OPEN_QUOTE.match(stripped):
        return False
    return leaning_word(text) or _ROLE_OPENER.match(stripped) is not None


def leaning_word(text: str) -> bool:
    """Whether ``text`` opens with a pronoun or a connective."""
    stripped = text.lstrip()
    lowered = stripped.lower()
    first = re.match(r"[a-z'’]+", lowered)
    if first and first.group(0) in _LEANING_WORDS:
        return True
    return any(lowered.startswith(p + " ") or lowered.startswith(p + ",") for p in _LEANING_PHRASES)


def unbalanced(text: str) -> bool:
    """Whether the double quotation marks of ``text`` do not pair up."""
    text = text.replace("''", '"').replace("``", '"')
    curly_open, curly_close, straight = text.count("“") + text.count("„"), text.count("”"), text.count('"')
    if (curly_open + curly_close + straight) % 2:
        return True
    return straight == 0 and curly_open != curly_close


def dateline(text: str) -> bool:
    return _DATELINE.match(text) is not None


def positions(digest: Digest) -> list[tuple[int, int]]:
    """(article, sentence position) of each digest sentence's source span."""
    where = []
    for s in digest.sentences:
        doc = digest.documents[s.citation.article]
        pos = next((t.position for t in doc.sentences if t.start <= s.citation.start < t.end), -1)
        where.append((s.citation.article, pos))
    return where


def measure(digests: list[Digest]) -> tuple[dict[str, float], dict[str, list[str]]]:
    counts = dict.fromkeys(("sentences", "orphan", "unbalanced", "dateline"), 0)
    firsts = quote_first = lede = headline = 0
    cited_shares: list[float] = []
    samples: dict[str, list[str]] = {"orphan": [], "unbalanced": [], "dateline": [], "quote first": []}
    for digest in digests:
        if not digest.sentences:
            continue
        where = positions(digest)
        for k, s in enumerate(digest.sentences):
            counts["sentences"] += 1
            # An article's first sentence has no antecedent sentence: a pronoun or
            # connective there is an orphan wherever it goes; a role noun there is the
            # article's first mention of that person and is not.
            if where[k][1] == 0:
                orphan = leaning_word(s.text)
            else:
                orphan = leaning_opener(s.text) and not (k > 0 and where[k - 1] == (where[k][0], where[k][1] - 1))
            if orphan:
                counts["orphan"] += 1
                samples["orphan"].append(s.text)
            if unbalanced(s.text):
                counts["unbalanced"] += 1
                samples["unbalanced"].append(s.text)
            if dateline(s.text):
                counts["dateline"] += 1
                samples["dateline"].append(s.text)
        firsts += 1
        if _OPEN_QUOTE.match(digest.sentences[0].text):
            quote_first += 1
            samples["quote first"].append(digest.sentences[0].text)
        lede += 0 <= where[0][1] <= 1
        headline += bool(getattr(digest, "headline", None))
        with_text = {
            d.index for d in digest.documents if d.text or getattr(d, "copy_of", None) is not None
        }
        cited = {a for s in digest.sentences for a in s.articles} & with_text
        if with_text:
            cited_shares.append(len(cited) / len(with_text))
    n = max(1, counts["sentences"])
    row = {
        "digests": firsts,
        "sentences": counts["sentences"],
        "orphan openers": counts["orphan"] / n,
        "unbalanced quotes": counts["unbalanced"] / n,
        "dateline openers": counts["dateline"] / n,
        "quote first": quote_first / max(1, firsts),
        "lede from an opening": lede / max(1, firsts),
        "articles cited": sum(cited_shares) / max(1, len(cited_shares)),
        "headline": headline / max(1, firsts),
    }
    return row, samples


def digests_for(clusters: list[Cluster], method: str, words: int) -> list[Digest]:
    options = load_options(method=method, words=words, analysis=False)
    out = []
    for cluster in clusters:
        try:
            out.append(summarize_cluster(cluster, options))
        except NewsweaveError:
            continue
    return out


def marks_table() -> None:
    import itertools

    from newsweave.clean import prepare
    from newsweave.coherence import quote_balance

    sets = {"fulltext-dev": (FULLTEXT, None), "val[:300]": (SHARED / "multinews" / "val.jsonl.gz", 300)}
    print("| set | sentences | close a quotation never opened |")
    print("|---|---:|---:|")
    for name, (path, limit) in sets.items():
        texts = [
            s.text
            for c in itertools.islice(read_clusters([str(path)]), limit)
            if isinstance(c, Cluster)
            for s in prepare(c).sentences
        ]
        share = sum(quote_balance(t) < 0 for t in texts) / max(1, len(texts))
        print(f"| {name} | {len(texts)} | {share:.3f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default="default,lead")
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--samples", type=int, default=0)
    parser.add_argument("--marks", action="store_true", help="the quotation-mark table instead")
    args = parser.parse_args(argv)
    if args.marks:
        marks_table()
        return 0
    sets = {
        "fulltext-dev": [c for c in read_clusters([str(FULLTEXT)]) if isinstance(c, Cluster)],
        "seed cluster": [c for c in read_clusters([str(SEEDS)]) if isinstance(c, Cluster)],
    }
    columns = [
        "orphan openers",
        "unbalanced quotes",
        "dateline openers",
        "quote first",
        "lede from an opening",
        "articles cited",
        "headline",
    ]
    print("| set | method | digests | sentences | " + " | ".join(columns) + " |")
    print("|---|---|---:|---:|" + "---:|" * len(columns))
    for name, clusters in sets.items():
        for method in args.methods.split(","):
            row, samples = measure(digests_for(clusters, method, args.words))
            cells = " | ".join(f"{row[c]:.3f}" for c in columns)
            print(f"| {name} | {method} | {row['digests']} | {row['sentences']} | {cells} |")
            if args.samples and method == args.methods.split(",")[0]:
                for kind, texts in samples.items():
                    for text in texts[: args.samples]:
                        print(f"  [{name} {kind}] {text[:160]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
