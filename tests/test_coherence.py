"""Coherent digests: leaning sentences follow what they lean on, the lede opens, rewrites are marked."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave import Article, Cluster, summarize
from newsweave.coherence import Rewriter, leans_on_previous, opens_badly, quote_balance
from newsweave.models import Sentence
from newsweave.rank import RankInput, register

from helpers import make_cluster, seed_paths

# A ranker for these tests: it prefers the sentences named in PREFERRED (higher first),
# so a test can make the selector face a leaning sentence it would otherwise take.
PREFERRED: dict[str, float] = {}


@register("test-preferred", "scores from tests/test_coherence.PREFERRED (tests only)")
def _preferred(data: RankInput) -> np.ndarray:
    texts = [data.cluster.sentences[i].text for i in data.candidates]
    return np.array([PREFERRED.get(t, -float(k) / 1000) for k, t in enumerate(texts)])


def _sentence(text: str, position: int = 1, paragraph: int = 0) -> Sentence:
    return Sentence(article=0, position=position, start=0, end=len(text), text=text, paragraph=paragraph)


BEFORE = _sentence("Mayor Ann Holt opened the new harbour bridge on Monday morning.", position=0)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("He said the bridge would carry ten thousand people a day.", "pronoun opener"),
        ("It took the crews sixteen hours to lift the final span.", "pronoun opener"),
        ("This is the third bridge the city has opened in a decade.", "pronoun opener"),
        ("But the council has not yet approved money for the lighting.", "connective opener"),
        ("However, the ferry operator said fares would not change.", "connective opener"),
        ("In addition, two lanes will close on Friday for the final checks.", "connective opener"),
        ("Later, the crowd walked across the span to the old fish market.", "connective opener"),
        ("The spokesman added that the opening had cost less than planned.", "role noun opener"),
        ("The French foreign minister said talks would resume in the spring.", "role noun opener"),
        ("The company said its engineers would inspect the cables each year.", "role noun opener"),
        ('of the harbour," the engineer said.', "closes a quotation opened before"),
    ],
)
def test_sentences_that_lean_on_the_one_before(text, reason):
    assert leans_on_previous(_sentence(text), BEFORE) == reason


@pytest.mark.parametrize(
    "text",
    [
        "The bridge links the old fish market to the ferry terminal.",
        "The spokesman, Ali Rabiei, said the opening had cost less than planned.",
        "The company that built the bridge said its engineers would inspect the cables.",
        "The mayor of Portvale said the opening had cost less than planned.",
        "Earlier this year, the council approved money for the lighting.",
        "Thousands of residents walked across the span on the first morning.",
        '"It is a great day for Portvale," Holt told the crowd.',
        "There are two ferries an hour from the north pier.",
    ],
)
def test_sentences_that_stand_alone(text):
    assert leans_on_previous(_sentence(text), BEFORE) is None


def test_an_article_opening_leans_only_on_a_pronoun_or_connective():
    # Nothing comes before it: a pronoun or connective points at text cleaning removed (or a
    # headline), while a role noun there is the article's first mention of the person.
    assert leans_on_previous(_sentence("But the bridge opened late.", position=0), None) == "connective opener"
    assert leans_on_previous(_sentence("He opened the bridge at noon.", position=0), None) == "pronoun opener"
    assert leans_on_previous(_sentence("The French foreign minister is wrong, Iran said.", position=0), None) is None


def test_continuing_a_quotation_in_the_same_paragraph_leans():
    opened = _sentence('Holt said: "We waited ten years for this bridge.', position=0)
    inside = _sentence("Now every family in the harbour district can use it.", position=1)
    assert leans_on_previous(inside, opened) == "inside a quotation opened before"
    other_paragraph = _sentence("Now every family in the harbour district can use it.", position=1, paragraph=1)
    assert leans_on_previous(other_paragraph, opened) is None
    # Quotation marks are ignored where the text's marks cannot be trusted (tokenised training text).
    assert leans_on_previous(inside, opened, marks=False) is None


@pytest.mark.parametrize(
    "text, balance",
    [
        ("“We waited ten years,” Holt said.", 0),
        ('"We waited ten years," Holt said.', 0),
        ("“We waited ten years for this bridge.", 1),
        ('Holt said: "We waited ten years for this bridge.', 1),
        ('"We waited ten years for this bridge.', 1),
        ('for this bridge," Holt said.', -1),
        ("ten years for this bridge,” Holt said.", -1),
        ("''We waited ten years,'' Holt said.", 0),  # two apostrophes as quotation marks
        ("“We waited ten years,\" Holt said.", 0),  # mixed marks still pair up
    ],
)
def test_quote_balance(text, balance):
    assert quote_balance(text) == balance


@pytest.mark.parametrize(
    "text, bad",
    [
        ('"It is a great day," Holt said.', True),
        ("“It is a great day,” Holt said.", True),
        ("He opened the bridge at noon.", True),
        ("Also, the ferry will run late.", True),
        ("Mayor Ann Holt opened the new harbour bridge on Monday.", False),
        ("A section of the bridge collapsed on Monday, officials said.", False),
    ],
)
def test_what_may_open_a_digest(text, bad):
    assert bool(opens_badly(text)) is bad


# --- selection ------------------------------------------------------------------------------------

_WIRE = (
    "A section of the Harbour Street footbridge in Portvale collapsed on Monday, injuring 14 people.\n\n"
    "Fire Chief Tomas Lindqvist led the rescue from the quay below the bridge.\n\n"
    "He said nine of the injured had been pulled from the water by his crews within forty minutes.\n\n"
    "The city council ordered an independent review of every bridge in the harbour district."
)
_DAILY = (
    "Residents of Portvale's harbour district woke to a changed skyline after the footbridge collapse.\n\n"
    "Ferry departures were moved to the north pier while the wreckage is cleared from the channel.\n\n"
    "Shop owners near the market said the closure had already cost them a week of custom."
)


def _digest(words: int = 60, **kw):
    cluster = make_cluster([_WIRE, _DAILY], sources=["Wire", "Daily"])
    return summarize(cluster, words=words, method="test-preferred", analysis=False, **kw)


def test_a_leaning_sentence_waits_for_the_sentence_it_leans_on():
    leaning = "He said nine of the injured had been pulled from the water by his crews within forty minutes."
    antecedent = "Fire Chief Tomas Lindqvist led the rescue from the quay below the bridge."
    PREFERRED.clear()
    PREFERRED.update({leaning: 10.0, antecedent: -10.0})
    try:
        digest = _digest(words=60)
        texts = [s.text for s in digest.sentences]
        # The antecedent ranks last and does not fit, so the leaning sentence is left out rather than orphaned.
        assert leaning not in texts and antecedent not in texts
        PREFERRED.update({antecedent: 5.0})
        texts = [s.text for s in _digest(words=60).sentences]
        assert leaning in texts and texts[texts.index(leaning) - 1] == antecedent
    finally:
        PREFERRED.clear()


def test_the_digest_opens_with_an_article_opening_not_a_quotation():
    quoted = (
        '"We had everyone out of the water within forty minutes," Fire Chief Tomas Lindqvist said on Monday.\n\n'
        "A section of the Harbour Street footbridge in Portvale collapsed on Monday, injuring 14 people."
    )
    cluster = make_cluster([quoted, _DAILY], sources=["Wire", "Daily"])
    PREFERRED.clear()
    PREFERRED.update({quoted.split("\n\n")[0]: 10.0})
    try:
        digest = summarize(cluster, words=80, method="test-preferred", analysis=False)
    finally:
        PREFERRED.clear()
    first = digest.sentences[0].text
    assert not opens_badly(first)
    assert first in {quoted.split("\n\n")[1], _DAILY.split("\n\n")[0]}
    # The quotation the ranker preferred is still in the digest, after the lede.
    assert any(s.text.startswith('"We had everyone out') for s in digest.sentences[1:])


def test_with_no_lede_rule_the_ranker_order_stands():
    digest = _digest(words=200, lede="none")
    assert digest.sentences  # still a digest; the story order of select() applies


def test_an_unknown_lede_rule_is_an_options_error():
    from newsweave.errors import OptionsError

    with pytest.raises(OptionsError, match="lede must be one of"):
        _digest(lede="first")


# --- rewriting a pronoun to the name it stands for --------------------------------------------------

_HOLT = (
    "Mayor Ann Holt opened the rebuilt Harbour Street footbridge in Portvale on Saturday morning.\n\n"
    "Crowds lined the quay for the ceremony, and the ferry sounded its horn as the ribbon was cut.\n\n"
    'She said the new span "will carry ten thousand people a day between the market and the ferry".'
)


def test_a_pronoun_is_replaced_by_the_resolved_name_in_brackets():
    cluster = make_cluster([_HOLT], sources=["Harbour Herald"])
    documents = summarize(cluster, analysis=False).documents
    doc = documents[0]
    sentence = doc.sentences[2]
    rewrite = Rewriter(documents).rewrite(sentence)
    assert rewrite is not None and rewrite.name == "Ann Holt"
    assert rewrite.text.startswith("[Ann Holt] said the new span")
    assert rewrite.text.endswith(sentence.text[len("She") :])


def test_a_rewritten_digest_sentence_cites_the_original_span():
    first, between, leaning = _HOLT.split("\n\n")
    PREFERRED.clear()
    PREFERRED.update({leaning: 10.0, first: 5.0, between: -10.0})
    try:
        cluster = make_cluster([_HOLT, _DAILY], sources=["Harbour Herald", "Daily"])
        digest = summarize(cluster, words=35, method="test-preferred", analysis=False)
        # When the sentence it leans on is chosen too, it follows it unchanged.
        PREFERRED.update({between: 6.0})
        together = summarize(cluster, words=60, method="test-preferred", analysis=False)
    finally:
        PREFERRED.clear()
    (rewritten,) = [s for s in digest.sentences if s.original]
    assert rewritten.original == leaning
    assert rewritten.text == "[Ann Holt]" + leaning[len("She") :]
    doc = digest.documents[rewritten.citation.article]
    assert doc.text[rewritten.citation.start : rewritten.citation.end] == leaning
    texts = [s.text for s in together.sentences]
    assert leaning in texts and texts[texts.index(leaning) - 1] == between
    assert not any(s.original for s in together.sentences)


def test_no_rewrite_without_a_name_the_article_gave_before():
    text = 'She said the new span "will carry ten thousand people a day between the market and the ferry".'
    cluster = Cluster(id="x", articles=(Article(text="The bridge opened on Saturday morning in Portvale.\n\n" + text),))
    documents = summarize(cluster, analysis=False, words=400).documents
    assert Rewriter(documents).rewrite(documents[0].sentences[1]) is None


def test_the_seed_digest_reads_in_order():
    from newsweave.ingest import read_clusters

    cluster = next(c for c in read_clusters([str(p) for p in seed_paths()]) if isinstance(c, Cluster))
    digest = summarize(cluster, analysis=False)
    first = digest.sentences[0]
    assert not opens_badly(first.text)
    doc = digest.documents[first.citation.article]
    position = next(t.position for t in doc.sentences if t.start == first.citation.start)
    assert position < 2  # one of its article's opening statements
    cited = {a for s in digest.sentences for a in s.articles}
    assert len(cited) >= 4  # at least four of the five outlets
    for k, s in enumerate(digest.sentences[1:], start=1):
        d = digest.documents[s.citation.article]
        sent = next(t for t in d.sentences if t.start == s.citation.start)
        previous = d.sentences[sent.position - 1] if sent.position else None
        if leans_on_previous(sent, previous) and not s.original:
            before = digest.sentences[k - 1].citation
            assert before.article == s.citation.article and before.end <= s.citation.start


def test_a_role_noun_keeps_its_words_and_gains_the_name():
    text = (
        "Harbour Authority spokesman Ali Rabiei announced the closure of the north pier on Monday.\n\n"
        "Crowds gathered at the quay to watch the cranes lift the damaged section.\n\n"
        'The spokesman added that "the pier will reopen once the divers have finished their survey".'
    )
    documents = summarize(make_cluster([text]), analysis=False, words=300).documents
    rewrite = Rewriter(documents).rewrite(documents[0].sentences[2])
    assert rewrite is not None
    assert rewrite.text == 'The spokesman [Ali Rabiei] added that "the pier will reopen once the divers have finished their survey".'


def test_a_quotation_by_someone_never_named_is_left_out():
    described = (
        '"The pier will reopen once the divers have finished their survey," the senior harbour official said on Monday.'
    )
    text = (
        "Portvale's north pier was closed on Monday after a barge struck its supports in the night.\n\n" + described + "\n\n"
        "Ferries to the islands will leave from the south quay until further notice, the operator said."
    )
    cluster = make_cluster([text, _DAILY], sources=["Harbour Herald", "Daily"])
    documents = summarize(cluster, analysis=False, words=300).documents
    sentence = next(s for s in documents[0].sentences if s.text == described)
    assert Rewriter(documents).unnamed_speaker(sentence)
    PREFERRED.clear()
    PREFERRED.update({described: 10.0})
    try:
        digest = summarize(cluster, words=300, method="test-preferred", analysis=False)
    finally:
        PREFERRED.clear()
    assert described not in [s.text for s in digest.sentences]
    # Named, the same quotation stands.
    named = described.replace("the senior harbour official", "harbour official Ines Falkner")
    documents = summarize(make_cluster([text.replace(described, named)]), analysis=False, words=300).documents
    sentence = next(s for s in documents[0].sentences if s.text == named)
    assert not Rewriter(documents).unnamed_speaker(sentence)
