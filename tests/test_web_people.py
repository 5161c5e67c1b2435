"""``orgraph serve --holders``: cards say who holds a post today and what is vacant; with
``--no-names`` only the FTE (names are personal data). A real server over the real Neo4j, and
the card as Debian's chromium shows it."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import pytest
import yaml

from viz.web import browser

pytestmark = pytest.mark.neo4j

PEOPLE = {
    "organisation": {"key": "civic", "name": "Градска управа"},
    "units": [{"key": "civic/1", "number": "1", "name": "Одељење за финансије"}],
    "posts": [{"key": "civic/post/1", "number": "1", "name": "Начелник управе"},
              {"key": "civic/post/2", "number": "2", "name": "Руководилац одељења", "unit": "civic/1",
               "heads": "civic/1"},
              {"key": "civic/post/3", "number": "3", "name": "Референт", "unit": "civic/1", "headcount": 3}],
    "supervision": [{"post": "civic/post/2", "superior": "civic/post/1"},
                    {"post": "civic/post/3", "superior": "civic/post/2"}],
    "holders": [{"post": "civic/post/1", "name": "Марија Петровић", "valid_from": "2020-01-01"},
                {"post": "civic/post/2", "name": "Old Holder", "valid_from": "2010-01-01", "valid_to": "2015-12-31"},
                {"post": "civic/post/3", "name": "Јована Илић", "fte": 0.5},
                {"post": "civic/post/3", "fte": 1}],
}


def _get(served, post: str) -> dict:
    url = f"{served.base}/api/orgs/civic/card?post={post}&token={served.token}"
    with urllib.request.urlopen(url, timeout=30) as r:
        assert r.status == 200
        return json.loads(r.read().decode("utf-8"))


def _wait(driver, condition, timeout: float = 30.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def _text(driver, selector: str) -> str | None:
    found = driver.find_elements("css selector", selector)
    return found[0].text if found else None


@pytest.fixture(scope="module")
def loaded(neo4j_settings, tmp_path_factory):
    from graph.loaders.orgfile import read
    from graph.store.connection import Connection
    from graph.store.writer import write_org

    path = tmp_path_factory.mktemp("people") / "civic.yaml"
    path.write_text(yaml.safe_dump(PEOPLE, allow_unicode=True), encoding="utf-8")
    conn = Connection(neo4j_settings)
    try:
        write_org(conn, read(path))
    finally:
        conn.close()


def test_cards_name_the_holders_and_the_vacancy(loaded):
    with browser.serve("--holders") as served:
        assert _get(served, "civic/post/1")["people"] == "Марија Петровић"
        # Held until 2015 only: nobody holds it today.
        assert _get(served, "civic/post/2")["people"] == "vacant 1"
        assert _get(served, "civic/post/3")["people"] == "Јована Илић, (name not disclosed) · vacant 1.5"
        why = browser.missing()
        if why:
            pytest.skip(why)
        d = browser.chromium(1280, 800)
        try:
            d.get(served.url)
            d.get(f"{served.base}/orgs/civic")
            box = 'g.node[data-key="civic/post/1"]'
            _wait(d, lambda d: d.find_elements("css selector", box))
            d.find_elements("css selector", box)[0].click()
            _wait(d, lambda d: _text(d, "p.people"))
            assert _text(d, "p.people") == "Марија Петровић"
        finally:
            d.quit()


def test_no_names_shows_only_what_is_held(loaded):
    with browser.serve("--holders", "--no-names") as served:
        card = _get(served, "civic/post/3")
        assert card["people"] == "held 1.5 · vacant 1.5"
        assert "Јована" not in json.dumps(card, ensure_ascii=False)


def test_without_holders_cards_say_nothing_of_people(loaded):
    with browser.serve() as served:
        assert "people" not in _get(served, "civic/post/1")


def test_no_names_alone_is_a_usage_error():
    out = subprocess.run([sys.executable, "-m", "graph.cli", "serve", "--no-names"], capture_output=True, text=True)
    assert out.returncode == 2
    assert "--no-names goes with --holders" in out.stderr and "Traceback" not in out.stderr
