"""The web view in a real headless Chromium, against a real ``orgraph serve`` over the real Neo4j.

Nothing is mocked: the server is the ``orgraph serve`` command in a subprocess,
the browser Debian's chromium driven by Selenium. Each browser test saves a
screenshot under out/ (look at them: they are what a first-time user sees).
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from viz.web import browser

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "out"
HOSTILE_ORG = "\"Quoted' <script>window.__pwned = 1</script> \u202eRTL\u202c"
HOSTILE_POST = "<img src=x onerror=\"window.__pwned = 2\"> & \u200f\u05e9\u05dc\u05d5\u05dd \"'"
HOSTILE_UNIT = "</script><b>Unit</b>"


def hostile_file(folder: Path) -> Path:
    data = {
        "organisation": {"key": "hostile", "name": HOSTILE_ORG},
        "units": [{"key": "hostile/1", "number": "1", "name": HOSTILE_UNIT}],
        "posts": [{"key": "hostile/post/1", "number": "1", "name": "Директор"},
                  {"key": "hostile/post/2", "number": "2", "name": HOSTILE_POST, "unit": "hostile/1",
                   "heads": "hostile/1"}],
        "supervision": [{"post": "hostile/post/2", "superior": "hostile/post/1"}],
    }
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def served(neo4j_settings, tmp_path_factory):
    """kite, ge-moh and a hostile organisation loaded; ``orgraph serve`` running over them."""
    from graph.loaders.base import load_path
    from graph.store.connection import Connection
    from graph.store.writer import write_org
    from tools.seedfiles import shared_dir

    folder = tmp_path_factory.mktemp("web")
    conn = Connection(neo4j_settings)
    try:
        conn.wipe()
        for path in (REPO / "seed" / "kite.yaml", REPO / "seed" / "ge-moh.yaml", hostile_file(folder)):
            for model in load_path(path):
                write_org(conn, model)
    finally:
        conn.close()
    docs = shared_dir() / "seeds"
    args = ("--docs", str(docs)) if docs.is_dir() else ()
    with browser.serve(*args) as s:
        s.docs = bool(args)
        yield s


@pytest.fixture(scope="module")
def chrome(served):
    """The browser, having opened the printed URL once (its token is a cookie from then on)."""
    why = browser.missing()
    if why:
        pytest.skip(why)
    d = browser.chromium(1280, 800)
    d.implicitly_wait(0)
    d.get(served.url)
    yield d
    d.quit()


def shot(driver, name: str) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"web-{name}.png"
    assert driver.save_screenshot(str(path)), f"no screenshot {path}"
    return path


def wait(driver, condition, timeout: float = 30.0):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: condition(d))


def css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def open_chart(driver, served, org: str, fragment: str = ""):
    driver.get(f"{served.base}/orgs/{org}{fragment}")
    wait(driver, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))


def text_of(driver, selector: str) -> str | None:
    """The text of the first element matching ``selector``, read in one step (no stale element)."""
    return driver.execute_script("const e = document.querySelector(arguments[0]); return e && e.textContent",
                                 selector)


def search(driver, text: str):
    box = css(driver, "#q")[0]
    box.clear()
    box.send_keys(text)
    css(driver, "#search button")[0].click()
    return wait(driver, lambda d: css(d, "#results button.result"))


def get(url: str, headers: dict | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


# ---- the server, without a browser


def test_without_the_token_every_request_is_refused(served):
    for path in ("/", "/api/orgs", "/orgs/kite", "/api/orgs/kite/card?post=kite/post/13", "/static/orgchart.js",
                 "/console"):
        assert get(served.base + path)[0] == 403, path
    assert get(served.base + "/?token=not-the-token")[0] == 403
    assert get(served.base + "/api/orgs", {"Cookie": f"orgraph_token_{served.port}=guess"})[0] == 403
    # The cookie the token becomes is the way back in.
    assert get(served.base + "/api/orgs", {"Cookie": f"orgraph_token_{served.port}={served.token}"})[0] == 200
    # The right token, but a foreign Host (DNS rebinding): refused too.
    assert get(f"{served.base}/api/orgs?token={served.token}", {"Host": "evil.example:80"})[0] == 403
    status, text = get(f"{served.base}/api/orgs/kite/search?q=x&limit=many&token={served.token}")
    assert status == 400 and "limit" in json.loads(text)["error"]
    status, text = get(f"{served.base}/api/orgs?token={served.token}")
    assert status == 200
    assert {o["key"] for o in json.loads(text)} == {"kite", "ge-moh", "hostile"}


def test_listens_on_loopback_only(served):
    """The listening socket is bound to 127.0.0.1: in /proc/net/tcp, and nothing on tcp6."""
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            addr, port = local.rsplit(":", 1)
            if int(port, 16) == served.port and state == "0A":
                listening.append((table, addr))
    assert listening == [("/proc/net/tcp", "0100007F")]


def test_the_card_api_answers_from_the_library(served):
    status, text = get(f"{served.base}/api/orgs/kite/card?post=kite/post/13&token={served.token}")
    assert status == 200
    card = json.loads(text)
    assert [r["number"] for r in card["chain"]] == ["13", "9", "4", "3", "1"]
    assert card["reports"]["direct"] == 0
    status, text = get(f"{served.base}/api/orgs/kite/card?post=kite/post/3&token={served.token}")
    reports = json.loads(text)["reports"]
    assert (reports["direct"], reports["total"]) == (3, 23)  # a sector head: 3 heads below, 23 posts in all
    prov = card["provenance"]
    assert prov["document"] == "000_52640796b13b3b18.txt" and prov["line"] == 239
    if served.docs:  # the document is at hand: the lines around the post's own line
        assert [l["line"] for l in prov["excerpt"]["lines"]] == list(range(236, 243))
        assert "Програмер" in next(l["text"] for l in prov["excerpt"]["lines"] if l["line"] == 239)
    else:
        assert prov["excerpt"] is None
    status, text = get(f"{served.base}/api/orgs/kite/card?post=kite/post/999&token={served.token}")
    assert status == 404 and "kite/post/999" in json.loads(text)["error"]


# ---- in the browser


def test_organisations_page(served, chrome):
    chrome.get(served.url)
    rows = wait(chrome, lambda d: css(d, "table.orgs tbody tr"))
    keys = [r.get_attribute("data-key") for r in rows]
    assert keys == ["ge-moh", "hostile", "kite"]
    kite = next(r for r in rows if r.get_attribute("data-key") == "kite")
    assert "Канцеларија за информационе технологије" in kite.text
    assert "84" in kite.text  # posts
    shot(chrome, "organisations")
    # The token went into a cookie: the next pages need no token in the URL.
    kite.find_element("css selector", "a").click()
    wait(chrome, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    assert chrome.find_element("id", "org-name").text.startswith("Канцеларија")


def test_kite_chart_search_expand_and_card(served, chrome):
    open_chart(chrome, served, "kite")
    shot(chrome, "kite-chart")
    # Search in Latin without diacritics, find the Cyrillic posts.
    results = search(chrome, "sef odseka")
    names = {b.find_element("css selector", ".rname").text for b in results}
    assert names == {"Шеф одсека"}
    assert len(results) == 6
    shot(chrome, "kite-search")

    # Expand a sector: post 3 heads one; its box starts collapsed.
    chrome.get("about:blank")
    open_chart(chrome, served, "kite")
    sector = css(chrome, 'g.node[data-key="kite/post/3"]')[0]
    assert sector.get_attribute("aria-expanded") == "false"
    before = len(css(chrome, "g.node"))
    sector.click()
    from selenium.webdriver.common.keys import Keys
    sector.send_keys(Keys.SPACE)  # the keyboard's expand
    wait(chrome, lambda d: css(d, 'g.node[data-key="kite/post/3"]')[0].get_attribute("aria-expanded") == "true")
    after = len(css(chrome, "g.node"))
    assert after == before + 3  # its three direct reports
    assert css(chrome, 'g.node[data-key="kite/post/4"]')

    # Post 13's card, reached by search: its chain is 9 -> 4 -> 3 -> 1.
    for b in search(chrome, "programer"):
        if b.get_attribute("data-key") == "kite/post/13":
            b.click()
            break
    else:
        pytest.fail("post 13 is not among the results for 'programer'")
    wait(chrome, lambda d: text_of(d, "#card-title") == "Програмер")
    chain = css(chrome, "#card-chain li")
    assert [li.get_attribute("data-number") for li in chain] == ["9", "4", "3", "1"]
    highlighted = {g.get_attribute("data-key") for g in css(chrome, "g.node.chain")}
    assert {"kite/post/13", "kite/post/9", "kite/post/4", "kite/post/3", "kite/post/1"} <= highlighted
    crumbs = [b.text for b in css(chrome, "#crumbs button")]
    assert crumbs[-1] == "Програмер" and "Шеф одсека" in crumbs
    shot(chrome, "kite-card-13")


def test_ge_moh_department_head_card_shows_the_substitute_order(served, chrome):
    open_chart(chrome, served, "ge-moh")
    head = css(chrome, 'g.node[data-key="ge-moh/post/1"]')[0]
    head.click()
    wait(chrome, lambda d: text_of(d, "#card-acting p.acting"))
    assert "მოადგილე" in text_of(chrome, "#card-acting p.acting")  # the deputy head, substitute number 1
    rule = text_of(chrome, "#card-acting p.rule")
    assert "substitute" in rule and "order 1" in rule
    shot(chrome, "ge-moh-head-card")
    # What if the deputy is absent too: the form's second choice, order 2.
    css(chrome, "#what-if")[0].click()
    wait(chrome, lambda d: "order 2" in (text_of(d, "#card-acting p.rule") or ""))
    assert "სამმართველოს უფროსი" in text_of(chrome, "#card-acting p.acting")
    assert "also absent" in text_of(chrome, "#card-acting p.absent")


def _cli_refusal(query: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "cypher", query], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    return " ".join(proc.stderr.split()).removeprefix("error: ")


def test_console_runs_reads_and_refuses_writes_as_the_cli_does(served, chrome):
    chrome.get(served.base + "/console")
    q, p = css(chrome, "#cypher")[0], css(chrome, "#params")[0]
    q.clear()
    q.send_keys("MATCH (p:Post {org: $org}) RETURN count(p) AS posts, sum(p.headcount) AS people")
    p.clear()
    p.send_keys("org=kite")
    css(chrome, "#run")[0].click()
    cells = wait(chrome, lambda d: css(d, "table.result tbody td"))
    assert [c.text for c in cells] == ["84", "99"]
    assert [th.text for th in css(chrome, "table.result th")] == ["posts", "people"]
    shot(chrome, "console")

    write = "CREATE (n:Post {name: 'x'}) RETURN n"
    q.clear()
    q.send_keys(write)
    css(chrome, "#run")[0].click()
    status = wait(chrome, lambda d: d.find_element("id", "cypher-status") if "refused" in
                  d.find_element("id", "cypher-status").text else None)
    assert "error" in status.get_attribute("class")
    assert not css(chrome, "table.result")
    assert " ".join(status.text.split()) == _cli_refusal(write)
    shot(chrome, "console-refused")
    _, text = get(f"{served.base}/api/orgs?token={served.token}")
    assert next(o for o in json.loads(text) if o["key"] == "kite")["posts"] == 84  # nothing was written


def test_hostile_names_are_text(served, chrome):
    chrome.get(served.base + "/")
    row = wait(chrome, lambda d: css(d, 'tr[data-key="hostile"] td a'))[0]
    assert row.get_attribute("textContent") == HOSTILE_ORG
    open_chart(chrome, served, "hostile")
    assert chrome.execute_script("return window.__pwned === undefined")
    assert chrome.find_element("id", "org-name").get_attribute("textContent") == HOSTILE_ORG
    node = css(chrome, 'g.node[data-key="hostile/post/2"]')[0]
    name = node.find_element("css selector", "text.name")
    assert name.get_attribute("textContent").startswith("<img src=x")
    assert not css(chrome, "#chart img, #card img, #chart script, b")
    node.click()
    title = wait(chrome, lambda d: css(d, "#card-title"))[0]
    assert title.get_attribute("textContent") == HOSTILE_POST
    assert chrome.execute_script("return window.__pwned === undefined")
    shot(chrome, "hostile")


def test_check_report_links_to_the_chart(served, chrome):
    chrome.get(served.base + "/orgs/kite/check")
    groups = wait(chrome, lambda d: css(d, "section.group"))
    severities = [g.get_attribute("class").split("sev-")[1] for g in groups]
    order = {"error": 0, "warning": 1, "info": 2}
    assert severities == sorted(severities, key=order.get) and "error" in severities
    assert any(g.get_attribute("data-rule") == "declared-mismatch" for g in groups)
    shot(chrome, "kite-check")
    link = next(a for a in css(chrome, "section.group a") if "#post=" in a.get_attribute("href"))
    key = link.text
    link.click()
    wait(chrome, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    wait(chrome, lambda d: css(d, "#card-title"))
    assert css(chrome, f'g.node.selected[data-key="{key}"]')


def test_standalone_html_chart(served, chrome, tmp_path):
    out = tmp_path / "kite.html"
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "chart", "kite", "--format", "html", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert " src=" not in html.split('id="orgraph-data"')[0] and 'rel="stylesheet"' not in html
    assert "default-src 'none'" in html
    chrome.get(out.as_uri())
    wait(chrome, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    results = search(chrome, "sef odseka")
    assert {b.find_element("css selector", ".rname").text for b in results} == {"Шеф одсека"}
    for b in search(chrome, "programer"):
        if b.get_attribute("data-key") == "kite/post/13":
            b.click()
            break
    wait(chrome, lambda d: text_of(d, "#card-title") == "Програмер")
    chain = css(chrome, "#card-chain li")
    assert [li.get_attribute("data-number") for li in chain] == ["9", "4", "3", "1"]
    shot(chrome, "standalone-kite")


def test_standalone_html_of_hostile_names(served, chrome, tmp_path):
    out = tmp_path / "hostile.html"
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "chart", "--file", str(hostile_file(tmp_path)),
                           "--format", "html", "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    chrome.get(out.as_uri())
    wait(chrome, lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    assert chrome.execute_script("return window.__pwned === undefined")
    assert chrome.find_element("id", "org-name").get_attribute("textContent") == HOSTILE_ORG
    texts = [t.get_attribute("textContent") for t in css(chrome, "text.name")]
    assert any(t.startswith("<img src=x") for t in texts)


def test_html_chart_refuses_static_only_options(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "graph.cli", "chart", "--file", str(REPO / "seed" / "kite.yaml"),
                           "--format", "html", "--around", "13", "-o", str(tmp_path / "x.html")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert "--around" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.html").exists()
