"""Quote extraction and speaker attribution against labelled sets.

    python benchmarks/quotes_eval.py [--set fulltext-dev|polnear-dev|polnear-train ...] [--errors 10] [--no-nlp]

Without --set it prints fulltext-dev and polnear-dev side by side in one markdown table.
Speakers are found as the product finds them: with spaCy's entities as evidence when the
``nlp`` extra is installed (the benchmark parses the raw texts; the digest parses the cleaned
ones), with the rules alone under --no-nlp. --errors N prints N attribution errors per set
(labelled speaker, predicted speaker, mention, pattern); tune on polnear-train, never on dev.

fulltext-dev (tests/data/quotes_gold.jsonl): 477 hand-labelled direct quotations (offsets into
the raw fulltext-dev documents, canonical speakers); quotes_gold_negatives.jsonl: 69 quoted spans
that are nobody's quotation. The set is not exhaustive, so precision counts only predictions
that overlap a labelled span (positive or negative).
- quote recall: labelled quotations overlapped by a predicted quote (at least half of the span);
- quote precision: predicted quotes overlapping a positive, among those overlapping any label;
- attribution precision: correct speaker among matched quotes that got a speaker;
- attribution recall: correct speaker among all labelled quotations (end to end);
- matched quotations left without a speaker, and those given a wrong one (counts);
- attributed quotations as "Who said what" lists them, the repeats (the same quotation carried
  again, by another outlet or the same one) folded under them, and the unattributed ones listed.
A speaker is correct when it equals the label, or has the same surname and every word of the
shorter name is in the longer one, or the same surname and first names with the same first
three letters ("Matt Lesser" for "Matthew Lesser"; case-insensitive).

PolNeAR (../shared/data/quotes/, see its README): every article is a one-article cluster; every
quoted span of it is a record. The population scored is the records that are quotations
(``kind`` direct or partial, not scare), of at least MIN_QUOTE_WORDS (4) words (what the digest
lists), whose speaker is reliable (``speaker_origin`` source_span or source_span+coref: the
name in the annotated source phrase; the coreference-derived speakers are about 1 in 5 wrong
and are left out of scoring). On it ("labelled"):
- quote recall: records overlapped by a predicted quote (at least half of the span);
- attribution precision: correct speaker among matched records that got a speaker;
- attribution recall: correct speaker among all records of the population (end to end);
- matched without speaker, wrong speaker: counts.
A speaker is correct when ``same_speaker`` holds against the record's ``speaker`` or any of its
``speaker_mentions`` (the surface forms in the article), after dropping a leading "the" and a
possessive ("The New York Post" = "New York Post"). The variants left out are reported as rows
of their own, so nothing is hidden:
- quote recall any speaker: the same, over direct and partial records of 4+ words whatever
  their speaker_origin;
- short partial: reliable records under 4 words ("called it "a disaster""; about 1 in 5 of
  the reliable records). The digest does not list them, so their recall is 0 by design;
  attribution recall all lengths counts them in the denominator;
- coref speakers: records of 4+ words whose speaker PolNeAR derived through coreference or the
  nearest preceding speaker (mostly "he said" attributions): attribution precision and recall
  on them, a noisy view of pronoun resolution (the labels themselves are 1 in 4 or 5 wrong);
- scare quotes: records of kind scare, how many the digest lists (4+ words) and how many of
  those it gives a speaker (they have none).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import defaultdict
from pathlib import Path

from newsweave.analyze.quotes import MIN_QUOTE_WORDS, extract_quotes, quotes_by_speaker

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "multinews" / "fulltext-dev.jsonl"


def same_speaker(predicted: str | None, gold: str) -> bool:
    if not predicted:
        return False
    p, g = predicted.lower().split(), gold.lower().split()
    if p == g:
        return True
    short, long = sorted((p, g), key=len)
    if not short or short[-1] != long[-1]:
        return False
    return all(w in long for w in short) or (len(p) > 1 and len(g) > 1 and p[0][:3] == g[0][:3])


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def entities_of(texts: list[str], nlp: bool) -> list | None:
    """The entity spans extract_quotes reads with the nlp extra (None without it, or when ``nlp`` is off)."""
    if not nlp:
        return None
    from newsweave.analyze.entities import entity_spans, parse_texts

    return entity_spans(parse_texts(texts))


def nlp_default() -> bool:
    from newsweave.analyze.entities import entities_available

    return entities_available()


def evaluate(errors_out: list | None = None, *, nlp: bool = False) -> dict[str, float]:
    """The measures of the module docstring, as a dict."""
    rows = {json.loads(line)["id"]: json.loads(line) for line in open(DATA, encoding="utf-8")}
    gold = [json.loads(line) for line in open(ROOT / "tests/data/quotes_gold.jsonl", encoding="utf-8")]
    negatives = [json.loads(line) for line in open(ROOT / "tests/data/quotes_gold_negatives.jsonl", encoding="utf-8")]
    labelled = defaultdict(list)
    for g in gold:
        labelled[(g["cluster"], g["doc"])].append(("pos", g))
    for n in negatives:
        labelled[(n["cluster"], n["doc"])].append(("neg", n))
    clusters = sorted({g["cluster"] for g in gold} | {n["cluster"] for n in negatives})
    found = matched = attributed = correct = pred_on_labels = pred_on_pos = 0
    listed = echoes = unattributed = 0
    elapsed = 0.0
    for cid in clusters:
        docs = rows[cid]["documents"]
        entities = entities_of(docs, nlp)
        start = time.perf_counter()
        quotes = extract_quotes(docs, entities=entities)
        elapsed += time.perf_counter() - start
        for speaker in quotes_by_speaker(quotes):
            if speaker.name is None:
                unattributed += len(speaker.quotes)
                continue
            listed += len(speaker.quotes)
            echoes += sum(map(len, speaker.echoes))
        by_doc = defaultdict(list)
        for q in quotes:
            by_doc[q.article].append(q)
        for d in range(len(docs)):
            labels = labelled.get((cid, d), [])
            for q in by_doc[d]:
                hits = [kind for kind, lab in labels if overlap((q.start, q.end), (lab["start"], lab["end"])) > 0]
                if hits:
                    pred_on_labels += 1
                    pred_on_pos += "pos" in hits
            for kind, lab in labels:
                if kind != "pos":
                    continue
                span = (lab["start"], lab["end"])
                best = max(by_doc[d], key=lambda q: overlap((q.start, q.end), span), default=None)
                if best is None or overlap((best.start, best.end), span) < 0.5 * (span[1] - span[0]):
                    continue
                matched += 1
                if best.speaker:
                    attributed += 1
                    if same_speaker(best.speaker, lab["speaker"]):
                        correct += 1
                    elif errors_out is not None:
                        errors_out.append((cid, d, lab["speaker"], best.speaker, best.mention, best.pattern, lab["pattern"]))
        found += sum(1 for kind, lab in (x for d in range(len(docs)) for x in labelled.get((cid, d), [])) if kind == "pos")
    return {
        "labelled": found,
        "quote_recall": matched / found,
        "quote_precision": pred_on_pos / max(1, pred_on_labels),
        "attribution_precision": correct / max(1, attributed),
        "attribution_recall": correct / found,
        "matched_without_speaker": matched - attributed,
        "wrong_speaker": attributed - correct,
        "attributed_quotations_listed": listed,
        "repeats_listed_under_them": echoes,
        "unattributed_quotations_listed": unattributed,
        "clusters_per_second": len(clusters) / elapsed,
    }


POLNEAR = ROOT.parent / "shared" / "data" / "quotes"
# The records whose speaker comes from the annotated source span (see data/quotes/README.md).
RELIABLE = ("source_span", "source_span+coref")
# Pronoun and description speakers resolved by automatic coreference (about 1 in 5 wrong) or the
# nearest preceding speaker (about 1 in 4): reported apart, as a noisy view of pronoun resolution.
NOISY = ("corenlp_coref", "prev_speaker_heuristic")


def _org_key(name: str) -> str:
    """'The New York Post' and "New York Post's" are one name."""
    words = name.replace("’", "'").removesuffix("'s").split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words).lower()


def polnear_match(predicted: str | None, record: dict) -> bool:
    """Whether ``predicted`` names the record's speaker: ``same_speaker`` against its canonical
    name or any of its mentions in the article, ignoring a leading "the" and a possessive."""
    if not predicted:
        return False
    names = [record["speaker"], *(record.get("speaker_mentions") or ())]
    return any(same_speaker(_org_key(predicted), _org_key(n)) for n in names if n)


def load_polnear(split: str) -> tuple[dict[str, str], list[dict]]:
    """The articles (id -> text) and quotation records of PolNeAR ``split`` ("train" or "dev")."""
    with gzip.open(POLNEAR / f"docs_polnear_{split}.jsonl.gz", "rt", encoding="utf-8") as f:
        docs = {row["id"]: row["documents"][0] for row in map(json.loads, f)}
    with gzip.open(POLNEAR / f"polnear_{split}.jsonl.gz", "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    return docs, records


def evaluate_polnear(
    split: str = "dev", errors_out: list | None = None, misses_out: list | None = None, *, nlp: bool = False
) -> dict[str, float]:
    """The PolNeAR measures of the module docstring, as a dict."""
    docs, records = load_polnear(split)
    by_article = defaultdict(list)
    for r in records:
        by_article[r["cluster_id"]].append(r)
    counts: dict[str, int] = defaultdict(int)
    elapsed = 0.0
    ids = list(docs)
    parsed = entities_of([docs[a] for a in ids], nlp)
    for n, aid in enumerate(ids):
        text = docs[aid]
        start = time.perf_counter()
        quotes = extract_quotes([text], entities=None if parsed is None else [parsed[n]])
        elapsed += time.perf_counter() - start
        for r in by_article.get(aid, ()):
            span = (r["start"], r["end"])
            best = max(quotes, key=lambda q: overlap((q.start, q.end), span), default=None)
            found = best is not None and overlap((best.start, best.end), span) >= 0.5 * (span[1] - span[0])
            words = len(r["quote"].split())
            quoted = r["kind"] in ("direct", "partial")
            reliable = quoted and r["speaker_origin"] in RELIABLE
            if r["kind"] == "scare":
                counts["scare"] += 1
                counts["scare_found"] += found
                counts["scare_given_speaker"] += bool(found and best.speaker)
                continue
            if not quoted:
                continue
            group = "long" if words >= MIN_QUOTE_WORDS else "short"
            counts[f"{group}"] += 1
            counts[f"{group}_found"] += found
            if not reliable:
                if group == "long" and r["speaker"] and r["speaker_origin"] in NOISY:
                    counts["noisy"] += 1
                    counts["noisy_attributed"] += bool(found and best.speaker)
                    counts["noisy_correct"] += bool(found and polnear_match(best.speaker, r))
                continue
            counts[f"{group}_reliable"] += 1
            if not found:
                if misses_out is not None and group == "long":
                    misses_out.append((aid, r["start"], r["marks"], r["quote"][:60]))
                continue
            counts[f"{group}_reliable_found"] += 1
            if best.speaker:
                counts[f"{group}_attributed"] += 1
                if polnear_match(best.speaker, r):
                    counts[f"{group}_correct"] += 1
                elif errors_out is not None and group == "long":
                    errors_out.append((aid, r["start"], r["speaker"], best.speaker, best.mention, best.pattern))
            elif errors_out is not None and group == "long":
                errors_out.append((aid, r["start"], r["speaker"], None, best.mention, best.pattern))

    def ratio(a: str, b: str) -> float:
        return counts[a] / max(1, counts[b])

    long_, short = "long", "short"
    return {
        "labelled": counts[f"{long_}_reliable"],
        "quote_recall": ratio(f"{long_}_reliable_found", f"{long_}_reliable"),
        "attribution_precision": ratio(f"{long_}_correct", f"{long_}_attributed"),
        "attribution_recall": ratio(f"{long_}_correct", f"{long_}_reliable"),
        "matched_without_speaker": counts[f"{long_}_reliable_found"] - counts[f"{long_}_attributed"],
        "wrong_speaker": counts[f"{long_}_attributed"] - counts[f"{long_}_correct"],
        "quote_recall_any_speaker": ratio(f"{long_}_found", long_),
        "short_partial_reliable": counts[f"{short}_reliable"],
        "short_partial_quote_recall": ratio(f"{short}_reliable_found", f"{short}_reliable"),
        "short_partial_attribution_precision": ratio(f"{short}_correct", f"{short}_attributed"),
        "attribution_recall_all_lengths": (counts[f"{long_}_correct"] + counts[f"{short}_correct"])
        / max(1, counts[f"{long_}_reliable"] + counts[f"{short}_reliable"]),
        "coref_speakers_noisy": counts["noisy"],
        "coref_attribution_precision": ratio("noisy_correct", "noisy_attributed"),
        "coref_attribution_recall": ratio("noisy_correct", "noisy"),
        "scare_quotes": counts["scare"],
        "scare_quotes_listed": counts["scare_found"],
        "scare_quotes_given_a_speaker": counts["scare_given_speaker"],
        "clusters_per_second": len(docs) / elapsed,
    }


SETS = {
    "fulltext-dev": lambda errors, nlp: evaluate(errors, nlp=nlp),
    "polnear-dev": lambda errors, nlp: evaluate_polnear("dev", errors, nlp=nlp),
    "polnear-train": lambda errors, nlp: evaluate_polnear("train", errors, nlp=nlp),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), action="append", help="the labelled set(s) (default: fulltext-dev and polnear-dev)")
    parser.add_argument("--errors", type=int, default=0, help="print this many attribution errors per set")
    parser.add_argument(
        "--no-nlp", action="store_true", help="without spaCy's entities, as without the nlp extra (default: with them if installed)"
    )
    args = parser.parse_args(argv)
    nlp = not args.no_nlp and nlp_default()
    print(f"speaker evidence: {'spaCy entities (nlp extra)' if nlp else 'rules only (no nlp extra)'}\n")
    names = args.set or ["fulltext-dev", "polnear-dev"]
    results, errors = {}, {}
    for name in names:
        errors[name] = []
        results[name] = SETS[name](errors[name], nlp)
    keys = list(dict.fromkeys(k for r in results.values() for k in r))
    print("| measure | " + " | ".join(names) + " |\n|---|" + "---:|" * len(names))
    for key in keys:
        cells = []
        for name in names:
            value = results[name].get(key)
            cells.append("" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value))
        print(f"| {key.replace('_', ' ')} | " + " | ".join(cells) + " |")
    for name in names:
        for e in errors[name][: args.errors]:
            print(f"error ({name}):", e)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
