"""Online story clustering: each arriving article joins a live story or starts one.

In the spirit of Miranda et al. (EMNLP 2018, "Multilingual Clustering of Streaming
News"): an article is a tf-idf vector (online document frequencies: the idf of a term
is computed over the articles seen so far, so nothing needs a background corpus),
compared with the centroid of each candidate story (the sum of its articles' unit
vectors): by cosine, or (``average_link``) nearer to the article's mean similarity to
the story's articles, which does not grow as an incoherent story gathers articles on
one topic. Two decisions (``StoryOptions.decision``):

* ``learned`` (the default): the ``learned_candidates`` most similar stories each get a
  join probability from a logistic model (:mod:`newsweave.stories.decision`) over
  several similarities, the story's size and coherence, the candidate's rank and
  margin, and the time gaps; the most probable takes the article when it reaches the
  model's calibrated threshold and its similarity reaches ``learned_floor``;
* ``threshold``: with both publication times known, the score is the similarity minus
  ``time_penalty`` per day between the article and the story's span and ``age_penalty``
  per day the story has been running, held to ``join_threshold``; without them, the
  similarity alone is held to ``untimed_threshold``. The best story over its threshold
  takes the article (or, with ``clear_margin``, ``untimed_clear_margin`` without times,
  one just under it that is far ahead of the runner-up).

No story passes, and the article starts a story. Two stories that both pass for one
article and whose centroids are close (``merge_threshold``) turn out to be one: the
younger is merged into the older. And when a story takes an article, the young
stories near it (``young_size`` articles at most: those the decision left on their
own) are looked up through the index with its centroid; the
closest is merged with it when the mean cosine between their articles reaches
``young_threshold`` (``young_untimed_threshold`` without times; dated stories within
``young_gap`` days of each other). With the learned decision, a learned merge step
(Miranda et al.'s second model, :mod:`newsweave.stories.decision`) replaces that fixed
check: the stories near the one that took the article, where one of the two has at
most ``learned_young_size`` articles, each get a merge probability from a logistic
model over the similarities between the two stories, their sizes and coherences, the
candidate's rank and margin and the time gap, and the most probable is merged when it
reaches the model's calibrated threshold. The same step gives a story of one article a
second chance ``second_chance`` arrivals after it started, when its neighbours have
grown. Merges are reported in the article's :class:`Assignment` (those of a second
chance in the assignment of the article on whose arrival it fell), whose story is
the one kept.

The work per article is bounded and does not grow with the number of stories kept:
the article keeps its ``article_terms`` heaviest terms; candidates come from an
inverted index in which each story is posted under its centroid's ``index_terms``
heaviest terms, each posting list keeping only the ``posting_limit`` stories that
most recently took an article under that term; at most ``max_candidates`` stories
(most shared query weight) are compared in full, and as many stories by the
young story check or the merge step, and as many by at most one second chance. A
story that has taken no dated article for ``dormant_after`` of stream time (the latest publication time seen)
leaves the index. Everything is deterministic for a given arrival order: no
randomness, and ties are broken by the order stories were created.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from ..errors import InputError
from ..vectors import content_words
from .decision import JoinModel, MergeFeatures, PairFeatures, load_join_model, load_merge_model
from .models import Assignment, Candidate, Merge, Story, StoryArticle
from .options import StoryOptions

__all__ = ["OnlineClusterer", "cluster_articles"]

_DAY = 86_400.0
# Entities are terms of their own kind: a prefix no stemmed word token can carry.
_ENTITY_PREFIX = "@"
# Snapshot terms shown per story.
_SNAPSHOT_TERMS = 10


class _State:
    """A live story's mutable state, private to the clusterer."""

    __slots__ = ("id", "seq", "articles", "centroid", "norm", "first", "last", "indexed", "dormant", "merged", "recent")

    def __init__(self, id: str, seq: int) -> None:
        self.id = id
        self.seq = seq  # creation order: breaks every tie
        self.articles: list[tuple[int, str]] = []  # (arrival number, article id)
        self.centroid: dict[str, float] = {}
        self.norm = 0.0
        self.first: float | None = None  # POSIX seconds of its earliest and latest dated article
        self.last: float | None = None
        self.indexed: tuple[str, ...] = ()  # terms it is posted under
        self.dormant = False
        self.merged = False
        self.recent: list[tuple[int, dict[str, float]]] = []  # (arrival, vector) of its latest articles


class _Scored:
    """A candidate story while the decision is made: its measurements and its score."""

    __slots__ = ("story", "dot", "similarity", "gap", "age", "score", "margin", "features")

    def __init__(self, story: _State, dot: float, similarity: float, gap: float | None, age: float | None) -> None:
        self.story = story
        self.dot = dot  # article vector . story centroid
        self.similarity = similarity  # as StoryOptions.average_link blends it
        self.gap = gap  # days between the article and the story's span (None unless both dated)
        self.age = age  # days since the story's first article (None unless both dated)
        self.score = similarity  # what is held to the threshold: penalised similarity or probability
        self.margin = 0.0  # score minus its threshold
        self.features: PairFeatures | None = None  # what the join model saw (learned decision only)

    def candidate(self) -> Candidate:
        gap = None if self.gap is None else round(self.gap, 4)
        return Candidate(self.story.id, round(self.similarity, 6), gap, round(self.score, 6))


class OnlineClusterer:
    """Assign a stream of :class:`StoryArticle` values to stories, one at a time.

    >>> clusterer = OnlineClusterer()
    >>> assignment = clusterer.add(article)  # doctest: +SKIP
    >>> clusterer.stories()  # doctest: +SKIP

    ``model`` replaces the shipped join model of the learned decision (training and
    experiments use it). ``comparisons`` counts the article-to-story similarities
    computed so far (the cost the candidate index keeps bounded).

    Raises :class:`~newsweave.errors.NewsweaveError` when the learned decision's model
    file cannot be read.
    """

    def __init__(
        self, options: StoryOptions | None = None, *, model: JoinModel | None = None, merge_model: JoinModel | None = None
    ) -> None:
        self.options = options or StoryOptions()
        learned = self.options.decision == "learned"
        self.model = model or (load_join_model() if learned else None)
        self.merge_model = merge_model or (load_merge_model() if learned and self.options.learned_young_size else None)
        self.comparisons = 0
        self._df: dict[str, int] = {}
        self._seen = 0  # articles whose terms are in _df
        self._ids: set[str] = set()
        self._states: list[_State] = []  # by seq
        self._live: dict[str, _State] = {}  # not merged away (live or dormant), by id
        self._postings: dict[str, dict[int, None]] = {}  # term -> seqs, least recently updated first
        self._expiry: list[tuple[float, int]] = []  # (last, seq) heap of dated stories
        self._now: float | None = None  # stream time: latest publication time seen
        self._merges: list[Merge] = []
        self._second: deque[tuple[int, int]] = deque()  # (due arrival, seq) of stories started by one article

    # --- public ---------------------------------------------------------------

    def add(self, article: StoryArticle) -> Assignment:
        """Assign ``article`` to a story (maybe a new one) and return the decision.

        Raises :class:`~newsweave.errors.InputError` if an article with the same id was
        added before.
        """
        if article.id in self._ids:
            raise InputError(f"article id {article.id!r} was already added to this stream; ids must be unique")
        self._ids.add(article.id)
        arrival = len(self._ids)
        when = article.published.timestamp() if article.published is not None else None
        if when is not None and (self._now is None or when > self._now):
            self._now = when
            self._expire()
        merges: list[Merge] = []
        if self.merge_model is not None and self.options.second_chance:
            self._second_chances(arrival, merges)
        vector = self._vectorize(article)
        compared = self._compare(vector, when)
        if self.model is not None and self.options.decision == "learned":
            ranked = self._rank_learned(vector, compared)
        else:
            ranked = self._rank_threshold(compared, when)
        passing = self._choose(article.id, ranked)
        if passing:
            best = passing[0].story
            threshold = self._threshold(when, best)
            self._join(best, vector, when, arrival, article.id)
            if self.options.merge:
                best = self._merge_passing(best, passing[1:], merges)
                if self.merge_model is not None and self.options.learned_young_size:
                    best = self._merge_learned(best, merges)
                elif self.options.young_size:
                    best = self._merge_young(best, merges)
            story, new = best, False
        else:
            threshold = self._threshold(when, None)
            story = _State(f"story:{article.id}", len(self._states))
            self._states.append(story)
            self._live[story.id] = story
            self._join(story, vector, when, arrival, article.id)
            new = True
            if self.merge_model is not None and self.options.second_chance:
                self._second.append((arrival + self.options.second_chance, story.seq))
        return Assignment(
            article=article.id,
            story=story.id,
            new_story=new,
            threshold=threshold,
            candidates=tuple(c.candidate() for c in ranked[: self.options.evidence]),
            merges=tuple(merges),
            compared=len(compared),
        )

    def stories(self, *, include_dormant: bool = True) -> tuple[Story, ...]:
        """Snapshots of the stories kept (merged-away ones are not), in creation order."""
        return tuple(self._snapshot(s) for s in self._live.values() if include_dormant or not s.dormant)

    @property
    def merges(self) -> tuple[Merge, ...]:
        """Every merge so far, in the order it happened."""
        return tuple(self._merges)

    # --- representation -------------------------------------------------------

    def _vectorize(self, article: StoryArticle) -> dict[str, float]:
        """Unit tf-idf vector of the article's heaviest terms, heaviest first; updates the idf."""
        options = self.options
        counts: dict[str, float] = dict(Counter(content_words(article.text)))
        if article.title:
            for term in content_words(article.title):
                counts[term] = counts.get(term, 0.0) + options.title_weight
        for name in article.entities:
            key = _ENTITY_PREFIX + " ".join(name.lower().split())
            counts[key] = counts.get(key, 0.0) + options.entity_weight
        df = self._df
        self._seen += 1
        for term in counts:
            df[term] = df.get(term, 0) + 1
        scale = self._seen + 1.0
        weights = {t: (1.0 + math.log(c)) * (math.log(scale / (df[t] + 1.0)) + 1.0) for t, c in counts.items()}
        top = heapq.nlargest(options.article_terms, weights.items(), key=_weight)
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        return {t: w / norm for t, w in top}

    # --- candidates and scores ------------------------------------------------

    def _candidates(self, vector: dict[str, float]) -> list[_State]:
        """Stories sharing the most query-term weight with the article (bounded work)."""
        postings = self._postings
        shared: dict[int, float] = {}
        for i, (term, weight) in enumerate(vector.items()):
            if i >= self.options.query_terms:
                break
            for seq in postings.get(term, ()):
                shared[seq] = shared.get(seq, 0.0) + weight
        best = heapq.nlargest(self.options.max_candidates, shared.items(), key=_weight)
        return [self._states[seq] for seq, _ in best]

    def _threshold(self, when: float | None, story: _State | None) -> float:
        dated = when is not None and (story is None or story.last is not None)
        if self.model is not None and self.options.decision == "learned":
            return self.model.threshold_for(dated)
        return self.options.join_threshold if dated else self.options.untimed_threshold

    def _compare(self, vector: dict[str, float], when: float | None) -> list[_Scored]:
        """Each candidate the article may join (dated ones within dormant_after), measured."""
        options = self.options
        limit = options.dormant_after.total_seconds() / _DAY
        link = options.average_link
        compared = []
        for story in self._candidates(vector):
            self.comparisons += 1
            centroid = story.centroid
            dot = sum(w * centroid.get(t, 0.0) for t, w in vector.items())
            similarity = dot / ((story.norm or 1.0) ** (1.0 - link) * len(story.articles) ** link)
            gap = age = None
            if when is not None and story.last is not None:
                gap = max(0.0, story.first - when, when - story.last) / _DAY
                if gap > limit:
                    continue
                age = max(0.0, when - story.first) / _DAY  # how long the story has been running
            compared.append(_Scored(story, dot, similarity, gap, age))
        return compared

    def _second_chances(self, arrival: int, merges: list[Merge]) -> None:
        """The learned merge step for each story of one article started ``second_chance`` arrivals ago."""
        due = self._second
        while due and due[0][0] <= arrival:
            story = self._states[due.popleft()[1]]
            if not (story.merged or story.dormant) and len(story.articles) == 1:
                self._merge_learned(story, merges)

    def _rank_threshold(self, compared: list[_Scored], when: float | None) -> list[_Scored]:
        """The threshold decision's scores (similarity minus the time penalties), best first."""
        options = self.options
        for c in compared:
            if c.gap is not None:
                c.score = c.similarity - options.time_penalty * c.gap - options.age_penalty * c.age
            c.margin = c.score - self._threshold(when, c.story)
        compared.sort(key=lambda c: (-c.margin, c.story.seq))
        return compared

    def _rank_learned(self, vector: dict[str, float], compared: list[_Scored]) -> list[_Scored]:
        """The learned decision's scores (join probabilities of the top candidates), best first.

        The ``learned_candidates`` most similar stories are scored by the model; the
        others keep their similarity as score and cannot take the article.
        """
        assert self.model is not None
        compared.sort(key=lambda c: (-c.similarity, c.story.seq))
        top = compared[: self.options.learned_candidates]
        query = set(list(vector)[: self.options.query_terms])
        for rank, c in enumerate(top):
            c.features = self._features(vector, query, compared, rank)
            c.score = self.model.probability(c.features)
            c.margin = c.score - self.model.threshold_for(c.gap is not None)
        for c in compared[len(top) :]:
            c.margin = -math.inf
        top.sort(key=lambda c: (-c.margin, c.story.seq))
        return top + compared[len(top) :]

    def _features(self, vector: dict[str, float], query: set[str], compared: list[_Scored], rank: int) -> PairFeatures:
        """What the join model sees of the article and ``compared[rank]`` (compared: by similarity)."""
        c = compared[rank]
        story = c.story
        if len(compared) < 2:
            other = 0.0
        else:
            other = compared[1].similarity if rank == 0 else compared[0].similarity
        best = max((sum(w * v.get(t, 0.0) for t, w in vector.items()) for _, v in story.recent), default=0.0)
        return PairFeatures(
            average_link=c.dot / len(story.articles),
            centroid_cosine=c.dot / (story.norm or 1.0),
            max_similarity=best,
            shared_terms=sum(t in query for t in story.indexed) / self.options.query_terms,
            coherence=_coherence(story),
            size=len(story.articles),
            rank=rank,
            margin=c.similarity - other,
            gap_days=c.gap,
            age_days=c.age,
        )

    def _choose(self, article: str, ranked: list[_Scored]) -> list[_Scored]:
        """The candidates that pass, best first (the first takes the article, the others may merge into it).

        The seam training uses to follow the true decisions while it collects features.
        """
        options = self.options
        passing = [c for c in ranked if c.margin >= 0]
        if options.decision == "learned" and options.learned_floor:
            passing = [c for c in passing if c.similarity >= options.learned_floor]
        if not passing and len(ranked) > 1 and options.decision == "threshold":
            # A clear best: just under its threshold and far ahead of every other candidate.
            # Only with a runner-up: a lone candidate is ahead of nothing (in a young or
            # sparse stream a weak match is often the only story there is).
            first = ranked[0]
            second = ranked[1].score
            if first.gap is not None:
                margin, ratio = options.clear_margin, options.clear_ratio
            else:
                margin, ratio = options.untimed_clear_margin, options.untimed_clear_ratio
            if margin and first.margin >= -margin and first.score >= ratio * max(second, 0.0):
                passing = [first]
        return passing

    # --- updates ----------------------------------------------------------------

    def _merge_passing(self, best: _State, others: list[_Scored], merges: list[Merge]) -> _State:
        """Merge into ``best`` the other passing stories whose centroids are close to it; the story kept."""
        for other in others:
            if best.merged or other.story.merged:
                continue
            merge = self._maybe_merge(best, other.story)
            if merge is not None:
                merges.append(merge)
                best = self._live[merge.into]
        return best

    def _merge_young(self, story: _State, merges: list[Merge]) -> _State:
        """Merge a young story into the live story its articles are closest to, if close enough; the story kept.

        The story's centroid looks up candidates through the index like an article
        (bounded: ``max_candidates`` comparisons); the similarity of two stories is
        their articles' mean cross cosine blended with the centroid cosine by
        ``young_link``. Dated stories must lie within ``dormant_after`` of each other.
        """
        options = self.options
        limit = options.dormant_after.total_seconds()
        if options.young_gap:
            limit = min(limit, options.young_gap * _DAY)
        link = options.young_link
        n = len(story.articles)
        best: tuple[float, int, _State] | None = None
        for other, gap, dot in self._neighbours(story, options.young_size, limit):
            m = len(other.articles)
            similarity = dot / (((story.norm * other.norm) or 1.0) ** (1.0 - link) * (n * m) ** link)
            threshold = options.young_threshold if gap is not None else options.young_untimed_threshold
            if similarity >= threshold and (best is None or (similarity, -other.seq) > (best[0], -best[1])):
                best = (similarity, other.seq, other)
        if best is None:
            return story
        merge = self._absorb(story, best[2], best[0])
        merges.append(merge)
        return self._live[merge.into]

    def _neighbours(self, story: _State, young_size: int, limit: float) -> Iterator[tuple[_State, float | None, float]]:
        """The live stories near ``story`` that one of the two is young enough to merge with.

        Looked up through the index with the story's centroid like an article (bounded:
        ``max_candidates``); skipped: those where both have more than ``young_size``
        articles, and dated ones more than ``limit`` seconds apart. Each with the gap
        between the two stories in seconds (None unless both are dated) and the dot
        product of their centroids; each counts as one comparison.
        """
        query = dict(heapq.nlargest(self.options.query_terms, story.centroid.items(), key=_weight))
        n = len(story.articles)
        for other in self._candidates(query):
            if other is story or min(n, len(other.articles)) > young_size:
                continue
            gap = None
            if story.last is not None and other.last is not None:
                gap = max(0.0, story.first - other.last, other.first - story.last)
                if gap > limit:
                    continue
            self.comparisons += 1
            yield other, gap, _dot(story.centroid, other.centroid)

    def _merge_learned(self, story: _State, merges: list[Merge]) -> _State:
        """The learned merge step: merge ``story`` with the candidate the merge model finds most probably one with it.

        Candidates come from the index with the story's centroid, as in
        :meth:`_merge_young` (bounded: ``max_candidates``); those where both stories have
        more than ``learned_young_size`` articles are skipped, and so are dated ones
        further apart than ``dormant_after``. The ``learned_candidates`` of highest mean
        cross cosine get a probability; the most probable merges when it reaches the
        merge model's threshold and its mean cross cosine reaches ``learned_floor``.
        """
        assert self.merge_model is not None
        options = self.options
        n = len(story.articles)
        found: list[tuple[float, float, _State, float | None]] = []  # (link, cosine, candidate, gap days)
        for other, gap, dot in self._neighbours(story, options.learned_young_size, options.dormant_after.total_seconds()):
            link = dot / (n * len(other.articles))
            found.append((link, dot / ((story.norm * other.norm) or 1.0), other, None if gap is None else gap / _DAY))
        found.sort(key=lambda f: (-f[0], f[2].seq))
        top = found[: options.learned_candidates]
        indexed = set(story.indexed)
        coherence = _coherence(story)
        scored: list[tuple[float, _State, float, MergeFeatures]] = []  # (margin, candidate, link, features)
        for rank, (link, cosine, other, gap) in enumerate(top):
            runner_up = (found[1][0] if rank == 0 else found[0][0]) if len(found) > 1 else link
            features = MergeFeatures(
                average_link=link,
                centroid_cosine=cosine,
                max_similarity=max((_dot(v, w) for _, v in story.recent for _, w in other.recent), default=0.0),
                shared_terms=sum(t in indexed for t in other.indexed) / max(1, len(indexed)),
                coherence=coherence,
                other_coherence=_coherence(other),
                size=n,
                other_size=len(other.articles),
                rank=rank,
                margin=link - runner_up,
                gap_days=gap,
            )
            margin = self.merge_model.probability(features) - self.merge_model.threshold_for(gap is not None)
            scored.append((margin, other, link, features))
        chosen = self._choose_merge(story, scored)
        if chosen is None:
            return story
        merge = self._absorb(story, chosen[1], chosen[2])
        merges.append(merge)
        return self._live[merge.into]

    def _choose_merge(
        self, story: _State, scored: list[tuple[float, _State, float, MergeFeatures]]
    ) -> tuple[float, _State, float, MergeFeatures] | None:
        """The candidate ``story`` merges with (best margin, reaching the floor), or None.

        The seam training uses to follow the true merges while it collects features.
        """
        floor = self.options.learned_floor
        passing = [s for s in scored if s[0] >= 0 and s[2] >= floor]
        return min(passing, key=lambda s: (-s[0], s[1].seq), default=None)

    def _join(self, story: _State, vector: dict[str, float], when: float | None, arrival: int, id: str) -> None:
        story.articles.append((arrival, id))
        if self.model is not None:
            story.recent.append((arrival, vector))
            del story.recent[: -self.options.recent_articles]
        centroid = story.centroid
        for term, weight in vector.items():
            centroid[term] = centroid.get(term, 0.0) + weight
        if when is not None:
            story.first = when if story.first is None else min(story.first, when)
            if story.last is None or when > story.last:
                story.last = when
                heapq.heappush(self._expiry, (when, story.seq))
        self._settle(story)

    def _settle(self, story: _State) -> None:
        """Prune the centroid, recompute its norm and repost the story under its heaviest terms."""
        options = self.options
        centroid = story.centroid
        if len(centroid) > 2 * options.centroid_terms:  # pruned in batches: amortised cost
            story.centroid = centroid = dict(heapq.nlargest(options.centroid_terms, centroid.items(), key=_weight))
        story.norm = math.sqrt(sum(w * w for w in centroid.values()))
        terms = tuple(t for t, _ in heapq.nlargest(options.index_terms, centroid.items(), key=_weight))
        keep = set(terms)
        postings = self._postings
        for term in story.indexed:
            if term not in keep:
                posting = postings.get(term)
                if posting is not None:
                    posting.pop(story.seq, None)
        for term in terms:
            posting = postings.setdefault(term, {})
            posting.pop(story.seq, None)
            posting[story.seq] = None  # most recent last
            if len(posting) > options.posting_limit:
                del posting[next(iter(posting))]
        story.indexed = terms

    def _unindex(self, story: _State) -> None:
        for term in story.indexed:
            posting = self._postings.get(term)
            if posting is not None:
                posting.pop(story.seq, None)
                if not posting:
                    del self._postings[term]
        story.indexed = ()

    def _expire(self) -> None:
        """Stories whose latest dated article is older than dormant_after leave the index."""
        assert self._now is not None
        cutoff = self._now - self.options.dormant_after.total_seconds()
        expiry = self._expiry
        while expiry and expiry[0][0] < cutoff:
            last, seq = heapq.heappop(expiry)
            story = self._states[seq]
            if story.merged or story.dormant or story.last != last:
                continue  # a stale entry: the story took a later article or is gone
            story.dormant = True
            story.recent = []
            self._unindex(story)

    def _maybe_merge(self, a: _State, b: _State) -> Merge | None:
        similarity = _dot(a.centroid, b.centroid) / ((a.norm * b.norm) or 1.0)
        if similarity < self.options.merge_threshold:
            return None
        return self._absorb(a, b, similarity)

    def _absorb(self, a: _State, b: _State, similarity: float) -> Merge:
        """Merge the younger of two live stories into the older; the merge."""
        into, merged = (a, b) if a.seq < b.seq else (b, a)
        for term, weight in merged.centroid.items():
            into.centroid[term] = into.centroid.get(term, 0.0) + weight
        into.articles = sorted(into.articles + merged.articles)
        into.recent = sorted(into.recent + merged.recent, key=_arrival)[-self.options.recent_articles :]
        if merged.first is not None:
            into.first = merged.first if into.first is None else min(into.first, merged.first)
        if merged.last is not None and (into.last is None or merged.last > into.last):
            into.last = merged.last
            heapq.heappush(self._expiry, (merged.last, into.seq))
        merged.merged = True
        self._unindex(merged)
        del self._live[merged.id]
        merged.centroid = {}
        merged.recent = []
        self._settle(into)
        result = Merge(merged=merged.id, into=into.id, similarity=round(similarity, 6))
        self._merges.append(result)
        return result

    def _snapshot(self, story: _State) -> Story:
        def moment(value: float | None) -> datetime | None:
            return None if value is None else datetime.fromtimestamp(value, UTC)

        terms = tuple(t for t, _ in heapq.nlargest(_SNAPSHOT_TERMS, story.centroid.items(), key=_weight))
        return Story(
            id=story.id,
            articles=tuple(i for _, i in story.articles),
            first_seen=moment(story.first),
            last_seen=moment(story.last),
            terms=terms,
            dormant=story.dormant,
        )


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two sparse vectors (summed over the smaller one's terms)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(w * large.get(t, 0.0) for t, w in small.items())


def _coherence(story: _State) -> float:
    """The story's mean cosine between two of its articles (0 for one article).

    |centroid|^2 = n + 2 * (sum of pairwise cosines).
    """
    n = len(story.articles)
    return max(0.0, (story.norm**2 - n) / (n * (n - 1))) if n > 1 else 0.0


def _weight(item: tuple[object, float]) -> float:
    return item[1]


def _arrival(item: tuple[int, object]) -> int:
    return item[0]


def cluster_articles(articles: Iterable[StoryArticle], options: StoryOptions | None = None) -> list[Story]:
    """Cluster ``articles`` in the order given (their arrival order) and return the stories.

    The same function the online clusterer runs, for batch and offline use: feeding the
    articles one by one to :class:`OnlineClusterer` gives the same stories.
    """
    clusterer = OnlineClusterer(options)
    for article in articles:
        clusterer.add(article)
    return list(clusterer.stories())
