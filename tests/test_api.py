"""The public surface and the options layering."""

from __future__ import annotations

import dataclasses

import pytest

import newsweave
from newsweave import Article, Options, OptionsError, load_options, summarize
from newsweave.demo import demo_cluster


def test_public_surface():
    assert set(newsweave.__all__) == {
        "Article", "Citation", "Cluster", "Digest", "DigestSentence", "EmptyClusterError", "InputError",
        "MissingExtraError", "NewsweaveError", "Options", "OptionsError", "Removal", "ResumeError", "Sentence",
        "Source", "UnknownMethodError", "__version__", "load_options", "summarize",
    }
    for name in newsweave.__all__:
        assert hasattr(newsweave, name)


def test_errors_form_one_hierarchy():
    for name in ("InputError", "EmptyClusterError", "OptionsError", "UnknownMethodError", "MissingExtraError", "ResumeError"):
        assert issubclass(getattr(newsweave, name), newsweave.NewsweaveError)


def test_values_are_frozen():
    digest = summarize(demo_cluster())
    with pytest.raises(dataclasses.FrozenInstanceError):
        digest.sentences[0].citation.article = 3  # type: ignore[misc]


def test_articles_keep_their_metadata():
    digest = summarize([Article(text="A " * 3 + "council met on Monday and approved the new harbour budget after a long debate.", source="Agency", url="https://example.org/x")])
    assert digest.sources[0].name == "Agency" and digest.sources[0].url == "https://example.org/x"


def test_options_layering(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("words = 120\nmethod = 'lead'\n")
    monkeypatch.setenv("NEWSWEAVE_CONFIG", str(config))
    assert load_options().words == 120 and load_options().method == "lead"
    monkeypatch.setenv("NEWSWEAVE_WORDS", "90")
    assert load_options().words == 90
    assert load_options(words=60).words == 60
    assert Options().words == 250


def test_bad_config_is_named(tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text("wrods = 3\n")
    monkeypatch.setenv("NEWSWEAVE_CONFIG", str(config))
    with pytest.raises(OptionsError, match="wrods"):
        load_options()


@pytest.mark.parametrize(
    ("articles", "message"),
    [
        (None, "got NoneType"),
        ("one string", "not a single string"),
        ({"text": "a dict"}, "got dict"),
        ([42], "article 1: expected str or Article, got int"),
    ],
)
def test_wrong_article_containers_are_input_errors(articles, message):
    with pytest.raises(newsweave.InputError, match=message):
        newsweave.summarize(articles)


def test_any_iterable_of_articles_is_accepted():
    texts = ["The council approved the new budget on Tuesday after a long debate in the chamber."]
    expected = summarize(texts).sentences
    assert summarize(iter(texts)).sentences == expected
    assert summarize(dict(enumerate(texts)).values()).sentences == expected
    assert summarize(tuple(texts)).sentences == expected
