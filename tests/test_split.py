"""Sentence splitting: exact offsets, and the fast path agrees with syntok on real text."""

from __future__ import annotations

import gzip
import itertools
import json

import pytest

from newsweave.split import join_quotations, paragraphs, sentence_spans, syntok_spans

from helpers import VAL, fulltext_rows, seed_paths


def test_spans_are_exact_substrings():
    text = 'Mr. Smith arrived at 8:40 a.m. on Monday. "It was chaos," he said. Prices rose 8.2 percent in the U.S. Officials left.'
    spans = sentence_spans(text)
    # syntok keeps "U.S. Officials" together (it cannot tell an abbreviation from an end).
    assert [text[s:e] for s, e in spans] == [
        "Mr. Smith arrived at 8:40 a.m. on Monday.",
        '"It was chaos," he said.',
        "Prices rose 8.2 percent in the U.S. Officials left.",
    ]
    assert spans == syntok_spans(text)


def test_no_split_inside_brackets_or_after_abbreviations():
    text = "He toppled it (out of spite or curiosity? We don't know) and left. Gen. Smith agreed."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "He toppled it (out of spite or curiosity? We don't know) and left.",
        "Gen. Smith agreed.",
    ]


def test_paragraphs_are_the_lines_between_newline_breaks():
    # paragraphs() uses string methods; it must cut exactly where the break pattern does.
    from newsweave.split import _PARAGRAPH_BREAK

    def by_pattern(text: str) -> list[str]:
        return [p for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]

    texts = [d for row in fulltext_rows(20) for d in row["documents"]]
    texts += [d for row in val_rows(50) for d in row["documents"]]
    pieces = [" ", "\n", "\t", "\r", "\r\n", "\u00a0", "\u2028", "\x85", "\x1c", "\u3000", " \n \n ", "a", "é", "."]
    texts += ["".join(pieces[(i * 7 + k * 3) % len(pieces)] for k in range(i % 23)) for i in range(2000)]
    assert paragraphs("  One line.\n \n\u00a0Two\u2028lines.\r\n\nThree. ") == ["One line.", "Two\u2028lines.", "Three."]
    assert all(paragraphs(t) == by_pattern(t) for t in texts)


def test_certain_ends_are_the_patterns_matches():
    import random

    from newsweave.split import _CERTAIN_END, _certain_ends

    texts = [p for row in fulltext_rows() for d in row["documents"] for p in paragraphs(d)]
    texts += [p for row in val_rows(300) for d in row["documents"] for p in paragraphs(d)]
    rng = random.Random(3)
    alphabet = [*"ab Z1 2._!?\"'”’)]([“‘é_ßİ\u00a0", "ab. The", '12. " the', "mr. Smith", "x.Y"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(20000)]

    def spans(matches):
        return [(m.start(), m.end(), m.group(1)) for m in matches]

    assert spans(_certain_ends("It rose 12. The end. Mr. Obama left.")) == [(8, 11, "12"), (16, 20, "end")]
    assert all(spans(_certain_ends(t)) == spans(_CERTAIN_END.finditer(t)) for t in texts)


def test_fast_path_equals_syntok_on_the_seed_cluster():
    for path in seed_paths():
        for para in paragraphs(path.read_text()):
            assert sentence_spans(para) == syntok_spans(para), para[:80]


def test_fast_path_agrees_with_syntok_on_fulltext_dev():
    paras = [p for row in fulltext_rows(40) for d in row["documents"] for p in paragraphs(d)]
    same = sum(sentence_spans(p) == syntok_spans(p) for p in paras)
    # benchmarks/split_agreement.py: 99.95% of fulltext-dev paragraphs identical.
    assert same / len(paras) >= 0.995


def test_a_quotation_over_two_sentences_stays_one_sentence():
    para = 'The chief said: "We were out in 40 minutes. The cold was the danger." Crews left at noon.'
    spans = join_quotations(para, sentence_spans(para))
    assert [para[a:b] for a, b in spans] == [
        'The chief said: "We were out in 40 minutes. The cold was the danger."',
        "Crews left at noon.",
    ]
    curly = "“I heard a crack,” she said. “Then it sagged.” Nobody moved."
    # Both quotations close where they open: nothing to join.
    assert join_quotations(curly, sentence_spans(curly)) == sentence_spans(curly)
    split_curly = "“It fell. Then it sank,” he said. It was dark."
    assert [split_curly[a:b] for a, b in join_quotations(split_curly, sentence_spans(split_curly))] == [
        "“It fell. Then it sank,” he said.",
        "It was dark.",
    ]


def val_rows(limit: int) -> list[dict]:
    with gzip.open(VAL, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in itertools.islice(handle, limit)]


def test_plain_decisions_are_syntoks_on_real_text():
    # The decisions taken without syntok at plain stops ("u.s. Turns", "mr. Obama",
    # "( ap )", "we... Claim") give exactly the spans of syntok run on every piece.
    paras = [p for row in fulltext_rows() for d in row["documents"] for p in paragraphs(d)]
    paras += [p for row in val_rows(300) for d in row["documents"] for p in paragraphs(d)]
    differ = [p[:80] for p in paras if sentence_spans(p) != sentence_spans(p, plain=False)]
    assert differ == []


@pytest.mark.parametrize(
    "text",
    [
        "The talks ended in washington, d.c. The council met again.",  # dotted word, then a starter: an end
        "He moved to the u.s. Turns out it was cold.",  # dotted word, then another word: no end
        "Close dr. Hilary miller of mtsu works with veterans.",  # syntok lacks lowercase "dr"
        "It was Mr. Obama who spoke. Then Sen. Smith left; The rest stayed.",
        "He said no. 5 was next. It was No. 5 after all.",
        "They came from the u.k., where it rained. Others stayed.",
        "The index ( ai ) rose. The second digit ( 2d ) fell.",
        "Scale for the assessment of positive symptoms ( saps ), scale for the rest were used.",
        "As for paris, we... Claim it. The rest... the rest is noise.",
        'He said he was done. "We will see," she said. I. Smith agreed.',
        "Meet at 8 a.m. Monday. It is Jan. 14 today. The end of the U.S. Army came.",
        "He met mr. Ban's aide. Then don't. Go home.",
        # A stop after a space, glued to the next word: a token of its own, syntok decides.
        "The similar. lawsuits .It was on the website. He said so.",
        # syntok takes over at the bracket (from two plain words before it, not from the
        # sentence's start) and the plain reading resumes after the end it finds.
        "The group ( which met in paris ), and the council agreed. Others ( ap ) left; It rained. Then it stopped.",
        "The talks went on... ( associated press ) the council met. It ended, and the u.s. Team left. It rained.",
        "We saw the second digit ( 2d ) and the fourth ( 4d ), then the index. ( ap ) The end came. So it goes.",
        # Asides taken without syntok: after a stop (a sentence of their own when they hold two
        # tokens and what follows is not lowercase), and right after a sentence's first token.
        "It hurt an old man. ( kprc ) united issued it. ( the washington post ) United left. ( The Post ) it ended.",
        "Moscow ( ap ) — russia's top investigator said. Then one. obama ( The Post ) — Moscow? ( ap ) the end.",
        "The index rose. [ see photos ] The end. It was No. ( AP ) Next. In [ see photos ] — St. Louis won.",
        # An aside opening the piece, quotation marks after asides, and asides before a bracket
        # that is not one ("( ai ),": a token of symbols, so syntok never sees it close).
        '( cnn ) -- former anchor spoke. ( the post ) "9-9-9 will pass," he said. ( ap ) \'we won.\'',
        "( toni sandys / the post ) The index ( 2d ) rose. The asymmetry index ( ai ), and the ratio fell.",
        # Dots after an ellipsis ("...." is "..." and "."), a comma before them, and a comma
        # between stops that keeps syntok at the sentence's first token ("St.,. the ( ap ) —").
        "The code.... Now it goes. Red square, russia,... ( associated press ) people left. Moscow.... ( ap ) It is.",
        "St.,. the ( AP Photo ) — Jan left. St.,. b; And it went. He said u.k., where it rained... Then.",
        # Stops inside tokens of symbols or words ('".', "%.", "n.s.a.'s"): no terminal for syntok.
        'His " sole heir ". The son left by 5,000 %. Shkreli saw the n.s.a.\'s scoop. It ended. [ + ] enlarge it.',
        # A bracket that never closes before asides that do, and an aside of 45 to 66 characters.
        "The symptoms ( saps ), scale for negative symptoms ( sans ) were used. The link ( rank was"
        " determined by number of incoming links ) held. It ( d-fla. ), said so. A positive correlation between"
        " the left digit ( l2d ): 4d and the score. Gen. ( saps ), left. The chair, ( d-fla. ), spoke.",
        # A stop after symbols before a word is a token of its own ("—.Mr"); a non-ASCII bracket.
        ".... ’—.Mr. Smith came. The end （ x. Then it rained.",
    ],
)
def test_plain_decisions_match_syntok(text):
    assert sentence_spans(text) == sentence_spans(text, plain=False)


_SALAD_WORDS = (
    "the a it said police u.s. n.s.a.'s jr.'s \"heir\". 'henge'. 5,000%. %. ). Mr mr Gen gen. Jan jan 12 2017 no No 5"
    " I II X x b e Smith McDonald don't The It However"
    " And Also In Obama obama united United AP ap Reuters reuters Moscow moscow TEHRAN de Dr dr St. Inc co Co vs. etc"
    " one two Three four"
).split()
_SALAD_ASIDES = [
    "( ap )", "[ + ]", "( - )", "( rank was determined by number of incoming links )", "( saps ),", "( d-fla. ),",
    "( l2d ):", "[ in the breading ],",
    "( see the photos of the dinos. They are old )", "(AP)", "( associated press )", "( The Post )", "(McClatchy)", "( a b )", "( 2d )", "[ see photos ]",
    "( cnn )", "(Reuters)", "( kprc )", "( rj sangosti, the denver post )", "( It was. )", "( x )", "( AP Photo )",
    "( d-fla )", "(i)", "( 10, second from the right )", "( $ 5 )", "( us$ 61.1 million )", '( "quoted" )',
    "( ai ),", "( click here ).", "( which are sold by a firm with the poetically unfortunate name )", "(AP)—",
    "( [ x ] )", "( a", "b )",
]


def _word_salad(count: int, seed: int) -> list[str]:
    """Words, abbreviations, stops and bracketed asides thrown together (dashes and commas after asides)."""
    import random

    rng = random.Random(seed)
    stops = [", ", ". ", "... ", ".... ", "..... ", ",... ", ",. ", ",.... ", "! ", "? ", "; ", ", ", ": ", " ", " ", " ", " "]
    after_aside = [" — ", " -- ", " - ", ", ", " ", " ", " ", " ", ' "', " '", ' " ', " ''", " “"]
    texts = []
    for _ in range(count):
        parts = [
            rng.choice(_SALAD_ASIDES) + rng.choice(after_aside)
            if rng.random() < 0.18
            else rng.choice(_SALAD_WORDS) + rng.choice(stops)
            for _ in range(rng.randint(2, 25))
        ]
        opening = rng.choice(_SALAD_ASIDES) + " " if rng.random() < 0.2 else ""
        texts.append(opening + "".join(parts).strip() + rng.choice(["", ".", " .", "?"]))
    return texts


def test_plain_decisions_match_syntok_on_word_salad():
    # Asides after stops, after a sentence's first token ("Moscow ( ap ) —") and opening a
    # sentence, in every combination with abbreviations, single letters and starters; the
    # path before the aside decisions differed from syntok on 0.4% of these texts.
    differ = [t for t in _word_salad(4000, 11) if sentence_spans(t) != sentence_spans(t, plain=False)]
    assert differ == []


def test_plain_decisions_match_syntok_on_character_salad():
    # Symbols, stops, brackets (syntok's non-ASCII ones too), tabs, newlines and zero-width
    # spaces thrown together: where syntok's tokenizer and the plain reading could see
    # tokens differently. main differed from syntok on 0.3% of these texts.
    import random

    rng = random.Random(1)
    alphabet = list("aZ. ,;:!?()[]{}\"'“”‘’-—…\u200b\t\n0 9_.#%$@")
    alphabet += ["...", "....", "( ", " )", "),", "(a", "Mr.", "u.s.", "'s", "é", "（", "）"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))) for _ in range(6000)]
    plain = [t.replace("\u200b", "").replace("\t", "").replace("\n", "") for t in texts]
    differ = [t for t in texts + plain if sentence_spans(t) != sentence_spans(t, plain=False)]
    assert differ == []
