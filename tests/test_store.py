"""The store and the desk on a real SQLite file and a real PostgreSQL server (see tests/pg.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

pytest.importorskip("sqlalchemy", reason="the store needs the service extra")

from newsweave import Article  # noqa: E402
from newsweave.errors import InputError, NotFoundError, StoreError  # noqa: E402
from newsweave.service.desk import Desk  # noqa: E402
from newsweave.store import NewArticle, Store, url_key  # noqa: E402

from service_helpers import Clock, bridge, vaccine  # noqa: E402


@pytest.fixture
def desk(db_url):
    store = Store(db_url)
    clock = Clock()
    yield Desk(store, settle=5, clock=clock)
    store.close()


# --- URLs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("HTTPS://Example.COM/news/a", "https://example.com/news/a"),
        ("https://example.com/news/a?utm_source=x&utm_medium=y", "https://example.com/news/a"),
        ("https://example.com/news/a?b=2&a=1&fbclid=z", "https://example.com/news/a?a=1&b=2"),
        ("https://example.com:443/news/a#comments", "https://example.com/news/a"),
        ("http://example.com", "http://example.com/"),
    ],
)
def test_url_key_keeps_only_what_chooses_the_page(a, b):
    assert url_key(a) == url_key(b)


def test_url_key_keeps_path_case_and_real_parameters():
    assert url_key("https://example.com/News/A") != url_key("https://example.com/news/a")
    assert url_key("https://example.com/a?id=1") != url_key("https://example.com/a?id=2")
    assert url_key("http://example.com/a") != url_key("https://example.com/a")


@pytest.mark.parametrize("bad", ["ftp://example.com/a", "example.com/a", "https:///nohost", "http://[::1/"])
def test_url_key_refuses_what_is_not_an_http_url(bad):
    with pytest.raises(InputError, match="url"):
        url_key(bad)


# --- schema -----------------------------------------------------------------


def test_migrations_build_exactly_the_declared_schema(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from newsweave.store.migrate import HEAD
    from newsweave.store.schema import metadata

    store = Store(db_url)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn)
        assert context.get_current_revision() == HEAD
        assert compare_metadata(context, metadata) == []
    store.close()
    again = Store(db_url)  # opening a migrated database again changes nothing
    assert again.counts()["articles"] == 0
    again.close()


def test_an_unopenable_database_is_one_clear_error(tmp_path):
    with pytest.raises(StoreError, match="cannot open the database"):
        Store(tmp_path / "missing-dir" / "x.db")


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = Store(tmp_path / "wal.db")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.close()


# --- adding articles --------------------------------------------------------


def test_an_article_is_stored_once_by_url_and_by_text(desk):
    first = desk.add(bridge(url="https://news.example/bridge?utm_campaign=rss", source="Daily"))
    assert first.status == "added" and first.new_story
    again = desk.add(bridge(url="HTTPS://NEWS.example/bridge#top", source="Daily"))
    assert (again.status, again.id, again.story) == ("duplicate", first.id, first.story)
    same_text = desk.add(bridge(source="Other outlet"))  # no URL, the same words
    assert (same_text.status, same_text.id) == ("duplicate", first.id)
    assert desk.store.counts()["articles"] == 1


def test_articles_on_one_story_join_it_and_another_story_starts_its_own(desk):
    a = desk.add(bridge(0, source="Daily", published="2026-12-01T09:00:00Z"))
    b = desk.add(bridge(2, source="Herald", published="2026-12-01T11:00:00+01:00"))
    c = desk.add(vaccine(0, source="Wire", published="2026-12-01"))
    assert b.story == a.story and not b.new_story
    assert c.new_story and c.story != a.story
    story = desk.store.story(a.story)
    assert story.size == 2 and story.outlets == ("Daily", "Herald")
    assert story.first_seen == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    assert story.last_seen == datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert desk.store.story_of(b.id) == a.story


@pytest.mark.parametrize(
    ("article", "reason"),
    [
        (Article(text="   "), "no text"),
        (Article(text="Some words here.", url="ftp://files.example/a"), "not an absolute http"),
        (Article(text="Some words here.", published="last Tuesday"), "not an ISO 8601"),
    ],
)
def test_what_cannot_be_used_is_rejected_with_its_reason_and_kept(desk, article, reason):
    outcome = desk.add(article, payload="what the user sent")
    assert outcome.status == "rejected" and reason in outcome.reason
    (stored,) = desk.store.rejections()
    assert stored.seq == outcome.rejection and reason in stored.reason and stored.payload == "what the user sent"
    assert desk.store.counts()["articles"] == 0


def test_the_stories_come_back_after_a_restart_and_new_articles_still_join_them(db_url):
    store = Store(db_url)
    desk = Desk(store, clock=Clock())
    first = desk.add(bridge(0, published="2026-12-01"))
    desk.add(vaccine(0, published="2026-12-01"))
    desk.add(bridge(1, published="2026-12-01"))
    before = {s.id: s.size for s in store.stories()[0]}
    store.close()
    store = Store(db_url)
    restarted = Desk(store, clock=Clock())
    assert restarted.replayed == 3 and restarted.reassigned == 0
    assert {s.id: s.size for s in store.stories()[0]} == before
    late = restarted.add(bridge(4, published="2026-12-02"))
    assert late.story == first.story
    store.close()


def test_a_merge_moves_articles_and_marks_the_merged_story(desk):
    store, clock = desk.store, desk._clock
    a = desk.add(bridge(0))
    b = desk.add(vaccine(0))
    new = NewArticle(
        id="amanual", article=Article(text="Both at once."), clean_text="Both at once.", url_key=None,
        text_hash="f" * 64, published_at=None, origin="test", received_at=clock(), outlet="unknown",
    )  # fmt: skip
    store.add_article(new, a.story, merges=[(b.story, a.story)])
    assert store.story_of(b.id) == a.story
    assert store.story(b.story).merged_into == a.story
    assert store.story(a.story).size == 3
    listed, total = store.stories()
    assert total == 1 and listed[0].id == a.story


def test_reassign_follows_the_clusterer(desk):
    store = desk.store
    a, b = desk.add(bridge(0)), desk.add(vaccine(0))
    moved = store.reassign({a.id: a.story, b.id: a.story}, desk._clock())
    assert moved == 1
    assert store.story(b.story).merged_into == a.story and store.story(a.story).size == 2


# --- listing ----------------------------------------------------------------


def test_listing_pages_newest_first_and_searches_titles(desk):
    clock = desk._clock
    ids = []
    for i, (maker, title) in enumerate([(bridge, "Bridge 100% closed"), (vaccine, "Measles_campaign begins")]):
        clock.tick()
        ids.append(desk.add(maker(i, title=title)).story)
    page, total = desk.store.stories(limit=1)
    assert total == 2 and [s.id for s in page] == [ids[1]]
    page, _ = desk.store.stories(limit=1, offset=1)
    assert [s.id for s in page] == [ids[0]]
    assert [s.id for s in desk.store.stories(query="BRIDGE closed")[0]] == [ids[0]]
    assert [s.id for s in desk.store.stories(query="100%")[0]] == [ids[0]]
    assert desk.store.stories(query="1%0")[1] == 0  # % and _ are literal, not wildcards
    assert desk.store.stories(query="measles_")[1] == 1
    assert desk.store.stories(query="ferry")[1] == 0


# --- digests ----------------------------------------------------------------


def test_digests_are_computed_once_a_story_settles_and_again_when_it_changes(desk):
    clock = desk._clock
    a = desk.add(bridge(0, source="Daily", title="Elm Street bridge closed"))
    assert desk.refresh_pending() == 0  # not settled yet
    clock.tick()
    assert desk.refresh_pending() == 1
    view = desk.view(a.story, compute=False)
    assert view.fresh and view.digest["summary"] and "<html" in view.html
    assert desk.store.story(a.story).title == view.digest["headline"]["text"]
    desk.add(bridge(2, source="Herald"))
    stale = desk.view(a.story, compute=False)
    assert not stale.fresh
    fresh = desk.view(a.story)  # computed on demand
    assert fresh.fresh and len(fresh.articles) == 2 and fresh.digest["sources"][1]["name"] == "Herald"


def test_viewing_an_unknown_story_is_not_found(desk):
    with pytest.raises(NotFoundError, match="no such story"):
        desk.view("story:nothing")


def test_only_one_process_adds_articles_to_a_database(db_url):
    first = Store(db_url)
    Desk(first)
    second = Store(db_url)
    with pytest.raises(StoreError, match="another newsweave process"):
        Desk(second)
    first.close()
    Desk(second)  # the claim ends with the store that held it
    second.close()
