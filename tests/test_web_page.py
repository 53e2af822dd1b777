"""The service's web page in a real headless Chromium: listing, search, opening a digest, no script injection."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("fastapi", reason="the service needs the service extra")

import httpx  # noqa: E402

from newsweave import Article  # noqa: E402
from newsweave.service.desk import Desk  # noqa: E402
from newsweave.service.settings import Settings  # noqa: E402
from newsweave.store import Store  # noqa: E402

import browser  # noqa: E402
from service_helpers import TOKEN, Clock, ThreadServer, bridge, vaccine  # noqa: E402

pytestmark = pytest.mark.skipif(browser.missing() is not None, reason=browser.missing() or "")

HOSTILE = '<script>window.pwned = 1</script><img src="x" onerror="window.pwned = 2">Harbour strike'


def hostile_article() -> Article:
    text = (
        "Dock workers at the port of Valdora walked out on Thursday over pay, halting container traffic. "
        "The union said the strike would last until the port authority reopened talks. "
        '<script>window.pwned = 3</script> Shipping firms diverted four vessels to a neighbouring harbour.'
    )
    return Article(text=text, title=HOSTILE, source='Port "News" <b>Daily</b>')


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("web") / "web.db")
    clock = Clock()
    desk = Desk(store, settle=0, clock=clock)
    desk.add(bridge(0, title="Elm Street bridge closed for a year", source="Daily"))
    desk.add(bridge(2, title="Bridge closure: ferries to run", source="Herald"))
    clock.tick()
    desk.add(vaccine(0, title="Norway starts measles vaccine drive", source="Wire"))
    clock.tick()
    desk.add(hostile_article())
    with ThreadServer(desk, Settings(token=TOKEN)) as server, browser.chromium() as driver:
        yield server, driver
    store.close()


def load(driver, url: str) -> list[dict]:
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get(url)
    time.sleep(0.2)
    return browser.severe_logs(driver)


def titles(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [a.text for a in driver.find_elements(By.CSS_SELECTOR, "#stories li a")]


def test_the_listing_shows_every_story_newest_first_with_no_console_errors(site):
    server, driver = site
    assert load(driver, server.url + "/") == []  # the stylesheet passes the CSP; nothing else loads
    assert titles(driver) == [HOSTILE, "Norway starts measles vaccine drive", "Elm Street bridge closed for a year"]
    found = driver.find_element("id", "found").text
    assert found == "3 stories"
    meta = driver.find_elements("css selector", "#stories .meta")[2].text
    assert meta.startswith("2 articles · Daily, Herald")
    assert driver.execute_script("return getComputedStyle(document.body).maxWidth") == "832px"  # the style applied


def test_article_text_never_runs_as_script(site):
    server, driver = site
    assert load(driver, server.url + "/") == []
    assert driver.execute_script("return window.pwned === undefined")
    assert driver.find_elements("css selector", "#stories script, #stories img") == []
    hostile_story = driver.find_element("css selector", "#stories li").get_attribute("data-story")
    assert load(driver, f"{server.url}/stories/{hostile_story}.html") == []
    assert driver.execute_script("return window.pwned === undefined")
    assert "window.pwned = 3" in driver.find_element("tag name", "body").text  # shown as text


def test_search_filters_titles_and_a_story_opens_its_digest(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    server, driver = site
    load(driver, server.url + "/")
    box = driver.find_element(By.NAME, "q")
    box.clear()
    box.send_keys("MEASLES drive")
    box.submit()
    WebDriverWait(driver, 10).until(ec.text_to_be_present_in_element((By.ID, "found"), "matching"))
    assert titles(driver) == ["Norway starts measles vaccine drive"]
    assert "q=MEASLES+drive" in driver.current_url
    driver.find_element(By.CSS_SELECTOR, "#stories li a").click()
    WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
    assert driver.current_url.endswith(".html")
    assert "measles" in driver.find_element(By.TAG_NAME, "body").text.lower()
    assert browser.severe_logs(driver) == []
    story_id = driver.current_url.rsplit("/", 1)[1].removesuffix(".html")
    digest = httpx.get(f"{server.url}/stories/{story_id}", timeout=30).json()["digest"]
    assert digest["headline"]["text"] in driver.title


def test_no_match_says_so(site):
    server, driver = site
    load(driver, server.url + "/?q=volcano")
    assert titles(driver) == []
    assert driver.find_element("id", "found").text == "0 stories matching “volcano”"


def test_the_api_documentation_renders_offline(site):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    server, driver = site
    load(driver, server.url + "/docs")
    WebDriverWait(driver, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".opblock")))
    paths = {e.text for e in driver.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert {"/articles", "/stories", "/summarize", "/health"} <= paths
