"""Dated versions in the store: kept beside the live one, listed, read --as-of, diffed."""

from __future__ import annotations

import json

import pytest
import yaml

from graph.cli import main
from graph.loaders.orgfile import read
from graph.store.reader import read_org, read_version
from graph.store.versions import list_versions, with_date
from graph.store.writer import delete_org, write_org
from tools.seedfiles import REPO

pytestmark = pytest.mark.neo4j

KITE = REPO / "seed" / "kite.yaml"


def structure(org):
    """What --as-of must agree on: units, posts and reporting lines, keys and all."""
    return ([u.model_dump() for u in org.units], [p.model_dump() for p in org.posts],
            [s.model_dump() for s in org.supervision])


def draft(tmp_path):
    data = yaml.safe_load(KITE.read_text(encoding="utf-8"))
    data.pop("versions", None)
    posts = {p["key"]: p for p in data["posts"]}
    posts["kite/post/12"]["unit"] = "kite/1.1.1"
    posts["kite/post/13"]["name"] = "Виши програмер"
    {u["key"]: u for u in data["units"]}["kite/1.2"]["name"] = "Сектор за инфраструктуру"
    path = tmp_path / "kite-2022.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def versions_cli(capsys, org="kite"):
    assert main(["versions", org, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_rulebook_versions_and_as_of(conn, capsys):
    write_org(conn, read(KITE))
    rows = versions_cli(capsys)
    assert [r["valid_from"] for r in rows] == ["2019-02-11", "2020-06-26", "2021-01-21"]
    assert [r["number"] for r in rows] == ["110-00-1/2019-01", "110-01-1/2019-01/1", "110-01-1/2019-01/2"]
    assert all(r["live"] for r in rows) and all("consolidated" in r["note"] for r in rows)
    # Before the first amendment and after the last: the same structure (the text gives no earlier one).
    before, after = read_version(conn, "kite", "2020-01-01"), read_version(conn, "kite", "2022-01-01")
    assert structure(before) == structure(after) == structure(read_org(conn, "kite"))
    assert len(before.versions) == 3

    assert main(["chain", "--org", "kite", "9", "--as-of", "2020-01-01", "--json"]) == 0
    early = json.loads(capsys.readouterr().out)
    assert main(["chain", "--org", "kite", "9", "--as-of", "2021-06-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == early
    assert main(["chain", "--org", "kite", "9", "--as-of", "2018-12-31"]) == 1
    err = capsys.readouterr().err
    assert "no version of 'kite' is in force on 2018-12-31" in err and "Traceback" not in err
    assert main(["chain", "--org", "kite", "9", "--as-of", "2020-13-01"]) == 1
    assert "not a date" in capsys.readouterr().err


def test_a_dated_load_keeps_the_earlier_version(conn, tmp_path, capsys):
    write_org(conn, read(KITE))
    assert main(["load", str(draft(tmp_path)), "--version-date", "2022-03-01", "--json"]) == 0
    capsys.readouterr()
    rows = versions_cli(capsys)
    assert [r["valid_from"] for r in rows] == ["2019-02-11", "2020-06-26", "2021-01-21", "2022-03-01"]
    assert [r["live"] for r in rows] == [False, False, False, True]
    assert rows[0]["generation_to"] == "2022-03-01"

    def unit_of(day, post="kite/post/12"):
        org = read_version(conn, "kite", day)
        return {p.key: p.unit for p in org.posts}[post]

    assert unit_of("2021-06-01") == "kite/1.1.2"
    assert unit_of("2022-03-01") == unit_of(None) == "kite/1.1.1"

    # Charts and checks read the version of the day too.
    assert main(["units", "kite", "--as-of", "2021-06-01", "--json"]) == 0
    old_units = json.dumps(json.loads(capsys.readouterr().out), ensure_ascii=False)
    assert "Одељење за информационе системе и регистре" in old_units
    assert "Сектор за инфраструктуру" not in old_units
    assert main(["units", "kite", "--json"]) == 0
    assert "Сектор за инфраструктуру" in capsys.readouterr().out

    # Stored versions diffed with the library diff: exactly the three changes.
    assert main(["diff", "kite", "2021-06-01", "2022-03-01", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert [(c["change"], c["key"]) for c in d["changes"]] == [
        ("unit-renamed", "1.2"), ("post-moved", "post/12"), ("post-retitled", "post/13")]
    # Each side named by the version in force on its day (the listing's first day of it).
    assert (d["before_version"], d["after_version"]) == ("2021-01-21", "2022-03-01")
    assert main(["diff", "kite", "2020-01-01"]) == 0  # against the current version
    assert "3 changes" in capsys.readouterr().out
    assert main(["diff", "kite", "2010-01-01", "2022-03-01"]) == 1
    assert "2019-02-11" in capsys.readouterr().err  # names the versions there are

    # Reloading the older version replaces it (same day) and leaves the live one live.
    write_org(conn, read(KITE))
    rows = list_versions(conn, "kite")
    assert [r["valid_from"] for r in rows][-1] == "2022-03-01" and rows[-1]["live"]
    assert conn.read("MATCH (v:OrgVersion {key: 'kite'}) WHERE v.retired IS NULL RETURN count(v) AS n")[0]["n"] == 2


def test_undated_loads_replace_each_other_not_the_versions(conn):
    write_org(conn, read(KITE))
    plain = read(KITE).model_copy(update={"versions": []})
    write_org(conn, plain)
    write_org(conn, plain)
    rows = list_versions(conn, "kite")
    assert [r["valid_from"] for r in rows] == ["2019-02-11", "2020-06-26", "2021-01-21", None]
    assert [r["live"] for r in rows] == [False, False, False, True]
    kept = conn.read("MATCH (v:OrgVersion {key: 'kite'}) WHERE v.retired IS NULL RETURN count(v) AS n")
    assert kept[0]["n"] == 2
    # A dated version older than the live dated one is kept, not switched live.
    write_org(conn, with_date(plain, __import__("datetime").date(2022, 1, 1)))
    write_org(conn, with_date(plain, __import__("datetime").date(2021, 6, 1)))
    live = [r["valid_from"] for r in list_versions(conn, "kite") if r["live"]]
    assert live == ["2022-01-01"]

    assert delete_org(conn, "kite")
    assert conn.read("MATCH (v:OrgVersion {key: 'kite'}) RETURN count(v) AS n")[0]["n"] == 0
    assert conn.read("MATCH (p:Post {org: 'kite'}) RETURN count(p) AS n")[0]["n"] == 0


def test_two_uk_snapshots_as_versions_of_one_body(conn, capsys):
    from tools.seedfiles import shared_dir

    folder = shared_dir() / "data/uk-organograms"
    files = [folder / f"home_office-{d}-senior.csv" for d in ("2011-09-30", "2012-09-30")]
    if not all(f.is_file() for f in files):
        pytest.skip(f"needs {folder} (the shared UK organogram sample); not present here")
    # Loaded newest first: the older one is kept as a version without going live.
    for f in reversed(files):
        assert main(["load", "--as-versions", str(f), "--json"]) == 0
    capsys.readouterr()
    rows = versions_cli(capsys, "home-office")
    assert [(r["valid_from"], r["live"]) for r in rows] == [("2011-09-30", False), ("2012-09-30", True)]
    assert conn.read("MATCH (o:Organisation) RETURN collect(o.key) AS k")[0]["k"] == ["home-office"]

    def count(day):
        return len(read_version(conn, "home-office", day).posts)

    from graph.loaders.uk import load
    assert count("2012-01-01") == len(load(files[0])[0].posts)
    assert count("2013-01-01") == count(None) == len(load(files[1])[0].posts)

    # The expectations of tests/test_uk_diff.py, through the library diff of stored versions.
    assert main(["diff", "home-office", "2011-09-30", "2012-09-30", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    by = {(c["change"], c["key"]): c for c in d["changes"]}
    assert ("post-removed", "post/1SIIGPROJ") in by
    moved = by[("post-moved", "post/2HOS02")]
    assert moved["unit_before"] != moved["unit_after"]
    assert (by[("post-moved", "post/1HR03")]["superior_before"],
            by[("post-moved", "post/1HR03")]["superior_after"]) == ("post/2HR01", "post/3HR01")
    assert (by[("post-regraded", "post/1HR03")]["before"], by[("post-regraded", "post/1HR03")]["after"]) == (
        "uk/SCS1", "uk/SCS2")
    # Vacancies as of each day come from that day's return.
    assert main(["vacancies", "home-office", "--as-of", "2012-10-01", "--json", "--no-names"]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["vacant_posts"] == 7


def test_uk_load_as_versions_of_a_folder_of_pairs(conn, tmp_path, capsys):
    import shutil

    from tools.seedfiles import shared_dir

    folder = shared_dir() / "data/uk-organograms"
    names = [f"home_office-{d}-{k}.csv" for d in ("2011-03-31", "2011-09-30", "2012-09-30") for k in ("senior", "junior")]
    if not all((folder / n).is_file() for n in names):
        pytest.skip(f"needs {folder} (the shared UK organogram sample); not present here")
    for n in names:
        shutil.copy(folder / n, tmp_path / n)
    assert main(["uk-load", "--as-versions", str(tmp_path), "--json"]) == 0
    assert [r["organisation"] for r in json.loads(capsys.readouterr().out)] == ["home-office"] * 3
    rows = versions_cli(capsys, "home-office")
    assert [(r["valid_from"], r["live"]) for r in rows] == [
        ("2011-03-31", False), ("2011-09-30", False), ("2012-09-30", True)]
    assert conn.read("MATCH (o:Organisation) RETURN collect(o.key) AS k")[0]["k"] == ["home-office"]
    # The junior rows (staff counts) came along: each version has its aggregate posts.
    early = read_version(conn, "home-office", "2011-06-30")
    assert any(p.attributes.get("aggregate") for p in early.posts)
