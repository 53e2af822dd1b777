"""The HTML report (``--format html``): one self-contained page that opens from disk.

Every marker lands on an element that holds exactly the text it cites; article text
is escaped; the page loads nothing. The browser tests open the page from a file://
URL in Debian's headless Chromium (see tests/browser.py) and click through it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from newsweave import Article, Cluster, summarize
from newsweave.analyze.quotes import Quote, Speaker
from newsweave.cli import main
from newsweave.demo import demo_cluster
from newsweave.ingest import read_clusters
from newsweave.models import Analysis, Citation, Digest, DigestSentence, Document, Event, Source
from newsweave.render import render
from newsweave.render.html_report import span_id

import browser
from helpers import seed_paths

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

SCRIPT_PAYLOAD = "<script>window.__xss=2</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__xss=1">'


class Page(HTMLParser):
    """What the tests look at in a rendered page: tags, ids, links, nesting errors, text per span."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.ids: Counter[str] = Counter()
        self.errors: list[str] = []
        self.text_of: dict[str, list[str]] = defaultdict(list)  # data-span -> its text, fragments joined
        self.raw: dict[str, list[str]] = defaultdict(list)  # contents of <script> and <style>
        self.text: list[str] = []
        self._stack: list[tuple[str, str | None]] = []
        self.feed(html)
        self.close()
        if self._stack:
            self.errors.append(f"unclosed: {[t for t, _ in self._stack]}")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if a.get("id"):
            self.ids[a["id"]] += 1
        if tag not in _VOID:
            self._stack.append((tag, a.get("data-span")))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self._stack.pop()

    def handle_endtag(self, tag):
        if not self._stack or self._stack[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self._stack[-1][0] if self._stack else 'nothing'}")
            return
        self._stack.pop()

    def handle_data(self, data):
        open_tags = [t for t, _ in self._stack]
        if open_tags and open_tags[-1] in ("script", "style"):
            self.raw[open_tags[-1]].append(data)
            return
        self.text.append(data)
        for span in {s for _, s in self._stack if s}:
            self.text_of[span].append(data)

    def links(self) -> list[dict[str, str | None]]:
        return [a for tag, a in self.tags if tag == "a"]

    def span_text(self, sid: str) -> str:
        return "".join(self.text_of[sid])


def squash(text: str) -> str:
    """Text without whitespace: paragraph breaks in the article become element boundaries."""
    return "".join(text.split())


def cited_spans(digest: Digest) -> set[tuple[int, int, int]]:
    spans = {(s.citation.article, s.citation.start, s.citation.end) for s in digest.sentences}
    spans |= {(c.article, c.start, c.end) for s in digest.sentences for c in s.also_in}
    a = digest.analysis
    if a is not None:
        spans |= {(q.article, q.start, q.end) for sp in a.speakers for q in sp.quotes}
        spans |= {(c.article, c.start, c.end) for f in (*a.agreement, *a.exclusive) for c in f.citations}
        spans |= {(v.citation.article, v.citation.start, v.citation.end) for c in a.conflicts for v in c.versions}
        spans |= {(e.citation.article, e.citation.start, e.citation.end) for e in a.timeline}
    return spans


def assert_well_formed(digest: Digest, html: str) -> Page:
    """Nesting is sound, ids unique, every #link lands, every cited span holds exactly its text."""
    page = Page(html)
    assert page.errors == []
    assert [i for i, n in page.ids.items() if n > 1] == []
    targets = [a["href"][1:] for a in page.links() if (a.get("href") or "").startswith("#")]
    assert targets and [t for t in targets if t not in page.ids] == []
    docs = {d.index: d for d in digest.documents}
    for article, start, end in cited_spans(digest):
        sid = span_id(article, start, end)
        assert sid in page.ids, sid
        assert squash(page.span_text(sid)) == squash(docs[article].text[start:end])
    return page


def malicious_cluster() -> Cluster:
    evil = Article(
        text=(
            f"City officials said a form on the council website accepted the text {SCRIPT_PAYLOAD} without any"
            f" complaint on Monday. A second test put {IMG_PAYLOAD} into the name field of the same form."
            ' "We fixed the form within an hour of the report," council spokesman Daniel Reyes said.'
        ),
        source='Evil <b onmouseover="window.__xss=5">Outlet</b>',
        title="<script>window.__xss=3</script>",
        url="javascript:window.__xss=4",
        published="2025-03-04",
    )
    plain = Article(
        text=(
            "The council website form was fixed on Tuesday after residents reported that it accepted code in its"
            " fields. Daniel Reyes, the council spokesman, said no data had been lost."
        ),
        source="Plain Herald",
        url="https://example.org/herald",
    )
    return Cluster(id="xss <test>", articles=(evil, plain))


@pytest.fixture(scope="module")
def demo() -> Digest:
    return summarize(demo_cluster())


@pytest.fixture(scope="module")
def demo_html(demo) -> str:
    return render(demo, "html")


@pytest.fixture(scope="module")
def evil() -> Digest:
    return summarize(malicious_cluster())


# --- the page, without a browser --------------------------------------------------------------------


def test_page_loads_nothing_from_anywhere(demo, demo_html):
    page = Page(demo_html)
    assert "<script src" not in demo_html.lower()
    assert [tag for tag, _ in page.tags if tag == "script"] == ["script"]
    assert not {"img", "link", "iframe", "object", "embed", "audio", "video", "source"} & {t for t, _ in page.tags}
    assert [a for _, a in page.tags if "src" in a] == []
    style = "".join(page.raw["style"])
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    urls = {s.url for s in demo.sources}
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if value and "http" in value.lower():
                # The articles' own addresses, as plain links that cannot reach back into the page.
                assert (tag, name) == ("a", "href"), (tag, name, value)
                assert value in urls
                assert "noopener" in (attrs.get("rel") or "").split()


def test_content_security_policy_pins_the_page_own_script_and_style(demo_html):
    page = Page(demo_html)
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    for kind in ("script", "style"):
        digest = base64.b64encode(hashlib.sha256("".join(page.raw[kind]).encode()).digest()).decode()
        assert f"{kind}-src 'sha256-{digest}'" in csp


def test_every_marker_lands_on_exactly_the_text_it_cites(demo, demo_html):
    page = assert_well_formed(demo, demo_html)
    summary_links = [a["href"][1:] for a in page.links() if "cite" in (a.get("class") or "")]
    for s in demo.sentences:
        assert span_id(s.citation.article, s.citation.start, s.citation.end) in summary_links
        assert page.span_text(span_id(s.citation.article, s.citation.start, s.citation.end)) == s.text


def test_seed_report_is_well_formed():
    digest = summarize(next(read_clusters([str(p) for p in seed_paths()])))
    page = assert_well_formed(digest, render(digest, "html", explain=True))
    # A quotation two outlets carry is listed once, with a marker for each outlet's span.
    martinez = next(s for s in digest.analysis.speakers if s.name == "Jean-Luc Martinez")
    echo = martinez.echoes[0][0]
    target = span_id(echo.article, echo.start, echo.end)
    links = [a for a in page.links() if a["href"] == f"#{target}"]
    assert links and "Also quoted in 4" in links[0]["aria-label"]
    assert page.span_text(target) == echo.text
    data = json.loads(render(digest, "json"))
    listed = next(s for s in data["analysis"]["speakers"] if s["name"] == "Jean-Luc Martinez")
    assert len(listed["quotes"]) == 1
    assert [(e["article"], e["start"], e["end"]) for e in listed["quotes"][0]["also_in"]] == [(3, echo.start, echo.end)]


def test_every_article_is_in_the_page_in_full(demo, demo_html):
    body = "".join(Page(demo_html).text)
    for doc in demo.documents:
        for paragraph in filter(str.strip, doc.text.split("\n")):
            assert paragraph in body


def test_sections_of_the_demo(demo, demo_html):
    for section in ("summary", "sources", "quotes", "agreement", "exclusive", "conflicts", "timeline", "entities"):
        assert f'id="{section}"' in demo_html
    assert 'id="removed"' not in demo_html
    assert "Helena Okafor" in demo_html and "$3.1 million" in demo_html
    explained = Page(render(demo, "html", explain=True))
    assert "removed" in explained.ids
    assert all(r.text in "".join(explained.text) for r in demo.removed)


def test_article_text_is_escaped(evil):
    html = render(evil, "html", explain=True)
    assert SCRIPT_PAYLOAD not in html and "<img" not in html and "<b " not in html
    assert html.count("<script") == 1
    assert "&lt;script&gt;window.__xss=2&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;" in html
    assert 'href="javascript' not in html  # an address that is not http(s) is shown, not linked
    page = assert_well_formed(evil, html)
    assert SCRIPT_PAYLOAD in "".join(page.text) and IMG_PAYLOAD in "".join(page.text)


def test_same_digest_same_bytes():
    first = render(summarize(demo_cluster()), "html", explain=True)
    assert render(summarize(demo_cluster()), "html", explain=True) == first


def _doc(index: int, text: str, name: str) -> Document:
    return Document(index=index, article=Article(text=text, source=name), source=name, text=text, sentences=())


def test_overlapping_spans_nest_and_keep_their_text():
    # Two sentences, a quote running across their boundary, a quote inside the second, a span across
    # a paragraph break, one out of range and one over blank lines only.
    text = 'He said "one two. Three four" and left. "Five six seven eight," she said.\n\nNext paragraph here.'
    first, second = (0, 39), (40, 73)
    across, inside, para = (30, 46), (41, 62), (60, 95)
    doc = _doc(0, text, "Only <Outlet>")
    cite = lambda span: Citation(0, doc.source, *span)  # noqa: E731
    quote = lambda span: Quote(0, *span, text[slice(*span)], "X", "he", "said", "before")  # noqa: E731
    digest = Digest(
        id="overlap",
        method="lead",
        budget=50,
        sentences=(
            DigestSentence(text[slice(*first)], cite(first)),
            DigestSentence(text[slice(*second)], cite(second), also_in=(cite(para), cite((90, 500)))),
        ),
        sources=(Source(0, doc.source, words=len(text.split())),),
        documents=(doc,),
        analysis=Analysis(
            speakers=(Speaker("X", None, (quote(across), quote(inside)), (0,)),),
            timeline=(Event(None, "next", False, cite((73, 75)), "blank"),),
        ),
    )
    html = render(digest, "html")
    page = Page(html)
    assert page.errors == []
    for span in (first, second, across, inside, para):
        sid = span_id(0, *span)
        assert sid in page.ids
        assert squash(page.span_text(sid)) == squash(text[slice(*span)])
    # Offsets past the end are clipped to the text; a span over blank lines falls back to its article.
    assert span_id(0, 90, len(text)) in page.ids
    assert 'href="#article-0"' in html
    assert [a["href"] for a in page.links() if a["href"][1:] not in page.ids] == []


def test_without_documents_markers_point_at_the_sources():
    s = DigestSentence("A sentence.", Citation(0, "Outlet", 0, 11))
    digest = Digest(id="bare", method="lead", budget=10, sentences=(s,), sources=(Source(0, "Outlet", words=2),))
    page = Page(render(digest, "html"))
    assert page.errors == []
    assert {a["href"] for a in page.links() if "cite" in (a.get("class") or "")} == {"#source-0"}
    assert "source-0" in page.ids and "articles" not in page.ids


def test_unavailable_sections_are_named():
    digest = summarize(["The council met on Monday and approved the budget for the new library."])
    digest = replace(digest, analysis=Analysis(entities=None, unavailable=("entities: install 'newsweave[nlp]'",)))
    html = render(digest, "html")
    assert "Not available: entities: install &#x27;newsweave[nlp]&#x27;" in html
    assert 'id="entities"' in html


def test_timeline_says_unresolved(evil):
    html = render(evil, "html")
    assert '<time class="when" datetime="2025-03-03">' in html  # "on Monday", published 2025-03-04
    assert "unresolved</span> <span>“on Tuesday”" in html  # no publication date to resolve against


def test_no_analysis_still_renders():
    digest = summarize(demo_cluster(), analysis=False)
    page = assert_well_formed(digest, render(digest, "html"))
    assert "quotes" not in page.ids and "summary" in page.ids


def test_cli_writes_the_report():
    result = CliRunner().invoke(main, ["summarize", "--demo", "--format", "html", "--explain"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<!DOCTYPE html>") and 'id="removed"' in result.output


# --- in a real browser ------------------------------------------------------------------------------

needs_browser = pytest.mark.skipif(browser.missing() is not None, reason=browser.missing() or "")


@pytest.fixture(scope="module")
def chrome():
    with browser.chromium() as driver:
        yield driver


def _load(driver, tmp_path, html: str, name: str) -> list[dict]:
    """Open ``html`` from a file and return the SEVERE console entries of the load."""
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get(path.as_uri())
    time.sleep(0.2)  # let late errors (failed loads, CSP reports) reach the log
    return browser.severe_logs(driver)


def _click_and_wait(driver, link, sid: str) -> dict:
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    WebDriverWait(driver, 5).until(
        lambda d: d.execute_script("var e = document.getElementById(arguments[0]); return e && e.classList.contains('hl')", sid)
    )
    return driver.execute_script(
        """var e = document.getElementById(arguments[0]), r = e.getBoundingClientRect();
        var lit = Array.prototype.map.call(document.querySelectorAll('[data-span].hl'), function (x) { return x.getAttribute('data-span'); });
        return {text: Array.prototype.map.call(document.querySelectorAll('[data-span="' + arguments[0] + '"]'),
                                               function (x) { return x.textContent; }).join(''),
                article: e.closest('article').id, top: r.top, bottom: r.bottom, height: window.innerHeight,
                lit: Array.from(new Set(lit)), hash: location.hash}""",
        sid,
    )


@needs_browser
def test_demo_report_in_the_browser(chrome, demo, demo_html, tmp_path):
    from selenium.webdriver.common.by import By

    assert _load(chrome, tmp_path, demo_html, "demo.html") == []
    assert chrome.title == demo.headline.text  # the headline, taken from an outlet's title
    assert chrome.find_element(By.TAG_NAME, "h1").text == demo.headline.text
    items = chrome.find_elements(By.CSS_SELECTOR, "#summary ol.summary > li")
    assert len(items) == len(demo.sentences)
    for item, sentence in zip(items, demo.sentences, strict=True):
        c = sentence.citation
        sid = span_id(c.article, c.start, c.end)
        link = item.find_element(By.CSS_SELECTOR, "a.cite")
        seen = _click_and_wait(chrome, link, sid)
        assert seen["text"] == sentence.text  # the cited sentence, highlighted
        assert seen["article"] == f"article-{c.article}"  # in its source article
        assert seen["lit"] == [sid] and seen["hash"] == f"#{sid}"  # only it, and the address says where
        assert 0 <= seen["top"] and seen["bottom"] <= seen["height"]  # scrolled into view
    # An outlet that also reports it, and a quote, land the same way.
    also = next(s.also_in[0] for s in demo.sentences if s.also_in)  # the demo's outlets overlap
    sid = span_id(also.article, also.start, also.end)
    seen = _click_and_wait(chrome, chrome.find_element(By.CSS_SELECTOR, f'#summary a.also[href="#{sid}"]'), sid)
    assert squash(seen["text"]) == squash(demo.documents[also.article].text[also.start : also.end])
    q = demo.analysis.speakers[0].quotes[0]
    sid = span_id(q.article, q.start, q.end)
    seen = _click_and_wait(chrome, chrome.find_element(By.CSS_SELECTOR, f'#quotes a[href="#{sid}"]'), sid)
    assert seen["text"] == q.text
    assert browser.severe_logs(chrome) == []


@needs_browser
def test_malicious_article_renders_as_text_in_the_browser(chrome, evil, tmp_path):
    from selenium.webdriver.common.by import By

    html = render(evil, "html", explain=True)
    # As shipped, and with the Content-Security-Policy taken out: escaping alone must hold.
    without_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    assert without_csp != html
    for name, page in (("evil.html", html), ("evil-no-csp.html", without_csp)):
        assert _load(chrome, tmp_path, page, name) == []
        assert chrome.execute_script("return typeof window.__xss") == "undefined"
        assert chrome.execute_script("return [document.scripts.length, document.images.length]") == [1, 0]
        visible = chrome.find_element(By.TAG_NAME, "body").text
        assert SCRIPT_PAYLOAD in visible and IMG_PAYLOAD in visible
        assert "<script>window.__xss=3</script>" in visible  # the title
        for link in chrome.find_elements(By.CSS_SELECTOR, "a[href]"):
            link_target = link.get_attribute("href")
            assert link_target.startswith(("file:", "https://example.org/herald")), link_target
        # The payload sentence is a citation like any other.
        c = next(s for s in evil.sentences if SCRIPT_PAYLOAD in s.text).citation
        sid = span_id(c.article, c.start, c.end)
        seen = _click_and_wait(chrome, chrome.find_element(By.CSS_SELECTOR, f'#summary a[href="#{sid}"]'), sid)
        assert SCRIPT_PAYLOAD in seen["text"]
        assert chrome.execute_script("return typeof window.__xss") == "undefined"


@needs_browser
def test_markers_work_without_javascript(demo, demo_html, tmp_path):
    from selenium.webdriver.common.by import By

    c = demo.sentences[4].citation
    sid = span_id(c.article, c.start, c.end)
    with browser.chromium(javascript=False) as driver:
        assert _load(driver, tmp_path, demo_html, "demo.html") == []
        driver.find_element(By.CSS_SELECTOR, f'#summary a.cite[href="#{sid}"]').click()
        assert driver.current_url.endswith(f"#{sid}")
        target = driver.find_element(By.ID, sid)
        assert "hl" not in target.get_attribute("class").split()  # the page's script did not run
        assert target.text == demo.sentences[4].text and target.is_displayed()
        selected = driver.find_element(By.CSS_SELECTOR, ".legend .sample-hl").value_of_css_property("background-color")
        assert target.value_of_css_property("background-color") == selected  # highlighted by :target alone
