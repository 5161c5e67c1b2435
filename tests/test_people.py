"""Holders and vacancies: from UK returns' name column, and from a table of holders."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from graph.analysis.vacancies import vacancies
from graph.cli import main
from graph.errors import InputError
from graph.loaders.holders import read_holders
from graph.loaders.orgfile import read
from tools.seedfiles import REPO, shared_dir

KITE = REPO / "seed" / "kite.yaml"


def uk_file(name):
    path = shared_dir() / "data/uk-organograms" / name
    if not path.is_file():
        pytest.skip(f"needs {path} (the shared UK organogram sample); not present here")
    return path


@pytest.mark.parametrize("name", ["home_office-2012-09-30-senior.csv", "home_office-2011-09-30-senior.csv"])
def test_uk_vacancies_are_the_vacant_rows(name):
    from graph.loaders.uk import load

    path = uk_file(name)
    # Counted from the CSV on its own: rows whose name is "Vacant" (quotes and case aside, "Vacancy" too).
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Name"].strip().strip("'").strip().lower() in ("vacant", "vacancy")]
    assert rows, "the sample has vacant rows"
    [org] = load(path)
    v = vacancies(org)
    assert v["totals"]["vacant_posts"] == len(rows)
    assert v["totals"]["vacancies"] == pytest.approx(sum(float(r["FTE"]) for r in rows))
    # No holder is a placeholder; undisclosed names are holders without a name.
    assert not any(h.name and h.name.strip("'").lower() in ("vacant", "eliminated", "n/d") for h in org.holders)
    assert any(h.name is None for h in org.holders)


def write_table(tmp_path, lines):
    path = tmp_path / "holders.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_holders_table_and_rollup(tmp_path):
    org = read(KITE)
    path = write_table(tmp_path, ["post,name,fte,from,to",
                                  "1,Марија Петровић,1,2019-03-01,",
                                  "kite/post/12,Јован Јовић,1,2019-03-01,2020-12-31",
                                  "post/12,Ана Анић,1,2021-01-01,",
                                  "13,,0.5,,"])
    holders = read_holders(path, org)
    assert [h.post for h in holders] == ["kite/post/1", "kite/post/12", "kite/post/12", "kite/post/13"]
    assert holders[3].name is None and holders[3].fte == 0.5 and holders[1].valid_to == date(2020, 12, 31)
    org = org.model_copy(update={"holders": holders})
    v = vacancies(org, date(2021, 6, 1))
    posts = {p["key"]: p for p in v["posts"]}
    # post 12: headcount 2, one holder in office on that day (Jovan left)
    assert (posts["kite/post/12"]["held"], posts["kite/post/12"]["vacancies"]) == (1, 1)
    assert posts["kite/post/1"]["vacancies"] == 0
    units = {u["key"]: u for u in v["units"]}
    total = sum(p.headcount for p in org.posts) - 1 - 1 - 0.5
    assert v["totals"]["vacancies"] == pytest.approx(total)
    # A unit's figures include its sub-units'.
    assert units["kite/1"]["vacancies"] >= units["kite/1.1"]["vacancies"] >= units["kite/1.1.2"]["vacancies"] > 0
    assert vacancies(org, date(2021, 6, 1), names=False)["posts"][0].get("holders") is None


@pytest.mark.parametrize("line, message", [
    ("999,X,1,,", "holders.csv:2: no post '999'"),
    ("1,X,one,,", "holders.csv:2: FTE 'one' is not a number"),
    ("1,X,1,2020-31-01,", "holders.csv:2: from '2020-31-01' is not a date"),
    ("1,X,1,2021-01-01,2020-01-01", "holders.csv:2: to is before from"),
])
def test_holders_table_errors(tmp_path, line, message):
    path = write_table(tmp_path, ["post,name,fte,from,to", line])
    with pytest.raises(InputError) as err:
        read_holders(path, read(KITE))
    assert message in str(err.value)


def test_dry_run_no_names(capsys):
    path = uk_file("home_office-2012-09-30-senior.csv")
    assert main(["load", "--dry-run", "--json", "--no-names", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["holders"] and all("name" not in h for h in data["holders"])
    assert all("holders" not in p.get("attributes", {}) for p in data["posts"])


@pytest.mark.neo4j
def test_holders_load_vacancies_and_exports(conn, tmp_path, capsys):
    from graph.store.writer import write_org

    write_org(conn, read(KITE))
    path = write_table(tmp_path, ["post,name,fte,from,to", "1,Марија Петровић,1,2019-03-01,",
                                  "12,Ана Анић,1,2021-01-01,"])
    assert main(["holders", "load", str(path), "--org", "kite", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["holders"] == 2
    assert main(["vacancies", "kite", "--on", "2021-06-01", "--json"]) == 0
    v = json.loads(capsys.readouterr().out)
    assert {p["key"]: p["held"] for p in v["posts"]}["kite/post/12"] == 1
    assert "Марија Петровић" in json.dumps(v, ensure_ascii=False)
    assert main(["vacancies", "kite", "--on", "2021-06-01", "--json", "--no-names", "--posts"]) == 0
    assert "Марија" not in capsys.readouterr().out
    assert main(["holders", "list", "kite", "--no-names"]) == 0
    out = capsys.readouterr().out
    assert "Марија" not in out and "kite/post/12" in out
    # The versions stay: holders were written as a new generation of the same dated version.
    assert main(["versions", "kite", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    # Exports leave names out unless asked.
    assert main(["export", "kite", "-o", str(tmp_path / "k.yaml")]) == 0
    text = (tmp_path / "k.yaml").read_text(encoding="utf-8")
    assert "holders:" in text and "Марија" not in text
    assert main(["export", "kite", "--names", "-o", str(tmp_path / "n.yaml")]) == 0
    assert "Марија Петровић" in (tmp_path / "n.yaml").read_text(encoding="utf-8")
    assert len(read(tmp_path / "n.yaml").holders) == 2


PEOPLE = """organisation: {key: gov, name: Government}
units:
  - {key: gov/1, name: Ministry, kind: ministry}
posts:
  - {key: gov/post/1, name: Minister, unit: gov/1, heads: gov/1}
  - {key: gov/post/2, name: Secretary, unit: gov/1, headcount: 3}
  - {key: gov/post/3, name: Adviser, unit: gov/1}
supervision:
  - {post: gov/post/2, superior: gov/post/1}
  - {post: gov/post/3, superior: gov/post/1}
holders:
  - {post: gov/post/1, name: "Ана <Анић>", valid_from: '2020-01-01'}
  - {post: gov/post/2, name: ნინო, fte: 0.5}
  - {post: gov/post/3, name: Left Already, valid_to: '2019-12-31'}
"""


def test_chart_shows_holders_on_request(tmp_path, capsys):
    from viz.svg import read_svg

    src = tmp_path / "gov.yaml"
    src.write_text(PEOPLE, encoding="utf-8")
    svg = tmp_path / "c.svg"
    assert main(["chart", "--file", str(src), "-o", str(svg)]) == 0
    plain = read_svg(svg.read_bytes())
    assert "Ана" not in plain.nodes["gov/post/1"].text  # names only when asked for
    assert main(["chart", "--file", str(src), "--holders", "-o", str(svg)]) == 0
    chart = read_svg(svg.read_bytes())
    assert "Ана <Анић>" in chart.nodes["gov/post/1"].text
    assert "ნინო · vacant 2.5" in chart.nodes["gov/post/2"].text
    assert "Left Already" not in chart.nodes["gov/post/3"].text and "vacant 1" in chart.nodes["gov/post/3"].text
    assert main(["chart", "--file", str(src), "--holders", "--no-names", "-o", str(svg)]) == 0
    chart = read_svg(svg.read_bytes())
    assert "held 1" in chart.nodes["gov/post/1"].text and "Ана" not in svg.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["chart", "--file", str(src), "--holders", "--layout", "nested", "-o", str(svg)]) == 1
    assert "holders are drawn on the post tree" in capsys.readouterr().err
    assert main(["chart", "--file", str(src), "--no-names", "-o", str(svg)]) == 2
