"""The check report an auditor can sign (issue 18): one finding per cause, the document as it
identifies itself, the rules that ran, HTML read back from a real headless Chromium, Markdown
with the same findings, and one severity per rule in every output."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph import __version__
from graph.checks import applicable, run_checks, select_rules
from graph.checks import report
from graph.checks.engine import REGISTRY
from graph.cli import main
from graph.loaders.base import load_path
from graph.loaders.orgfile import read

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "checks"


@pytest.fixture(scope="module")
def kite(seed_doc):
    return load_path(seed_doc("rulebook"), as_="rulebook")[0]


def _chromium_dom(path: Path) -> str:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.fail("chromium is not installed (make system installs it)")
    run = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", path.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


class _Tables(HTMLParser):
    """Tables of the DOM by their data-table name: rows of cell texts; and the html lang."""

    def __init__(self):
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self.lang = None
        self._cell: list[str] | None = None
        self._headings: list[str] = []
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "table":
            self.tables.append((a.get("data-table", ""), []))
        elif tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag in ("h2", "h3"):
            self._in_heading = True
            self._headings.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][1][-1].append("".join(self._cell))
            self._cell = None
        elif tag in ("h2", "h3"):
            self._in_heading = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        elif self._in_heading:
            self._headings[-1] += data

    def named(self, name: str) -> list[list[list[str]]]:
        return [rows for n, rows in self.tables if n == name]


def _dom_tables(html: str) -> _Tables:
    p = _Tables()
    p.feed(html)
    return p


def _md_tables(md: str) -> list[list[list[str]]]:
    """Markdown tables as rows of unescaped cells (header row first)."""
    tables, current = [], None
    for line in md.splitlines():
        if line.startswith("|"):
            if re.fullmatch(r"\|(---\|)+", line):
                continue
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            cells = [re.sub(r"\\(.)", r"\1", c).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                     for c in cells]
            if current is None:
                current = []
                tables.append(current)
            current.append(cells)
        else:
            current = None
    return tables


def test_kite_gives_one_finding_for_83_against_84(kite):
    found = run_checks(kite)
    about = [f for f in found if "83" in f.message and "84" in f.message]
    assert len(about) == 1
    [f] = about
    assert f.severity == "error" and f.where.line == 181 and f.where.article == "28"
    # Nothing is lost: the folded rule and its message stay with the finding.
    assert [a["rule"] for a in f.also] == ["declared-mismatch"]
    assert sum(g.where is not None and g.where.line == 181 for g in found) == 1


def test_the_rulebook_identifies_itself(kite):
    [d] = kite.documents
    assert (d.number, d.date) == ("110-00-1/2019-01", "11. фебруар 2019. године")
    assert d.title.startswith("ПРАВИЛНИК О УНУТРАШЊЕМ УРЕЂЕЊУ") and d.provenance.line == 648
    # Every post and declared figure knows its article; the systematisation list is Art. 28.
    assert all(p.provenance.article for p in kite.posts)
    assert {d.provenance.article for d in kite.declared} == {"28"}


def test_html_report_in_headless_chromium(kite, tmp_path, capsys):
    out = tmp_path / "kite.html"
    code = main(["check", "--file", str(REPO / "seed" / "kite.yaml"), "-o", str(out)])
    capsys.readouterr()
    assert code == 1
    dom = _dom_tables(_chromium_dom(out))
    assert dom.lang == "sr"
    [run_rows] = dom.named("run")
    assert ["orgraph version", __version__] in run_rows
    assert any(r[0] == "run at" and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", r[1]) for r in run_rows)
    [about] = dom.named("about")
    about = dict(map(tuple, about))
    assert about["document number"] == "110-00-1/2019-01"
    assert about["document date"] == "11. фебруар 2019. године"
    assert about["document"].startswith("ПРАВИЛНИК О УНУТРАШЊЕМ УРЕЂЕЊУ")
    # Every rule that applies, with its status, severity and legal source.
    [rules] = dom.named("rules")
    header, *rows = rules
    assert header == report.RULE_COLUMNS
    listed = {r[0]: r for r in rows}
    ran = applicable(kite, select_rules())
    assert set(listed) == {r.id for r in REGISTRY.values()}
    fired = {f.rule for f in run_checks(kite)}
    for r in ran:
        status = listed[r.id][2]
        assert status == ("passed" if r.id not in fired else status) and status in (
            "passed", "failed", "passed, with notes"), listed[r.id]
        assert listed[r.id][1] == r.severity and listed[r.id][4].startswith(r.source)
    assert listed["declared-self-contradiction"][2] == "failed"
    assert listed["declared-mismatch"][2] == "passed"  # folded into the contradiction
    assert listed["no-superior"][2] == "passed"
    # The finding names its article and line.
    findings = [row for table in dom.named("findings") for row in table[1:]]
    [contra] = [r for r in findings if r[1] == "declared-self-contradiction"]
    assert (contra[2], contra[3]) == ("28", "181") and "Also declared-mismatch" in contra[5]


def test_markdown_and_html_hold_the_same_findings(kite, tmp_path):
    found = run_checks(kite)
    section = report.Checked(kite.organisation.key, kite.organisation.name, found, kite,
                             applicable(kite, select_rules()))
    run = report.Run()
    md, html = report.to_markdown([section], run), report.to_html([section], run)
    dom = _dom_tables(html)
    html_tables = [rows for _, rows in dom.tables]
    # Every table the same, cell for cell (a key-value table's empty Markdown header aside).
    assert [[r for r in t if any(r)] for t in _md_tables(md)] == html_tables
    # The findings tables, row by row, with the same columns.
    md_findings = [t for t in _md_tables(md) if t[0] == report.FINDING_COLUMNS]
    html_findings = dom.named("findings")
    assert md_findings == html_findings and sum(len(t) - 1 for t in md_findings) == len(found)
    # Nothing cut: every post of the grouped substitute-absent finding is listed.
    [absent] = [f for f in found if f.rule == "substitute-absent"]
    [row] = [r for t in md_findings for r in t[1:] if r[1] == "substitute-absent"]
    assert row[6].count('post ') == len(absent.subjects) == 26 and " more" not in row[5]


def _tooltip_severities(svg: str) -> dict[str, set[str]]:
    """rule -> the severities the chart's tooltips give its findings."""
    out: dict[str, set[str]] = {}
    for title in re.findall(r"<(?:title|desc)>(.*?)</(?:title|desc)>", svg, flags=re.S):
        for line in title.splitlines()[1:]:
            m = re.match(r"(error|warning|info) ([a-z0-9-]+): ", line)
            if m:
                out.setdefault(m.group(2), set()).add(m.group(1))
    return out


def test_each_rule_has_one_severity_in_every_output(kite, tmp_path, capsys):
    """CLI JSON, the text report, the Markdown report's rules and findings tables and the chart's
    tooltips give each rule the severity of the one table (the registry)."""
    seed = str(REPO / "seed" / "kite.yaml")
    one_table = {r.id: r.severity for r in REGISTRY.values()}
    # A rule with variants gives its other-weighted cases their own ids.
    assert one_table["substitute-absent"] == "info" and one_table["declared-mismatch"] == "error"
    capsys.readouterr()
    main(["check", "--file", seed, "--json"])
    data = json.loads(capsys.readouterr().out)
    for f in data["findings"]:
        if f["rule"] != "loader-warning":  # carries its warning code's severity
            assert f["severity"] == one_table[f["rule"]], f
    main(["check", "--file", seed])
    text = capsys.readouterr().out
    heading = None
    for line in text.splitlines():
        m = re.match(r"(Errors|Warnings|Information) \(", line)
        if m:
            heading = {"Errors": "error", "Warnings": "warning", "Information": "info"}[m.group(1)]
        m = re.match(r"\s+\S+:\d+ ([a-z0-9-]+): ", line)
        if m and m.group(1) != "loader-warning":
            assert heading == one_table[m.group(1)], line
    md = tmp_path / "r.md"
    main(["check", "--file", seed, "-o", str(md)])
    capsys.readouterr()
    tables = _md_tables(md.read_text(encoding="utf-8"))
    [rules] = [t for t in tables if t[0] == report.RULE_COLUMNS]
    assert all(r[1] == one_table[r[0]] for r in rules[1:])
    svg = tmp_path / "chart.svg"
    assert main(["chart", "--file", seed, "--highlight-findings", "-o", str(svg)]) == 0
    capsys.readouterr()
    shown = _tooltip_severities(svg.read_text(encoding="utf-8"))
    assert shown.get("substitute-absent") == {"info"}  # not the worst severity of the post
    for rule, severities in shown.items():
        if rule != "loader-warning":
            assert severities == {one_table[rule]}, rule


def test_chart_banner_names_organisation_level_findings(tmp_path, capsys):
    """A finding no box stands for (the 83-vs-84 total) is in a banner under the chart's title."""
    svg = tmp_path / "kite.svg"
    assert main(["chart", "--file", str(REPO / "seed" / "kite.yaml"), "--highlight-findings",
                 "-o", str(svg)]) == 0
    capsys.readouterr()
    text = svg.read_text(encoding="utf-8")
    title = text[:text.index('class="legend"')] if 'class="legend"' in text else text
    assert "Findings about the organisation" in title
    assert "error declared-self-contradiction: the document declares 83 posts" in title
    # Without --highlight-findings there is no banner.
    plain = tmp_path / "plain.svg"
    assert main(["chart", "--file", str(REPO / "seed" / "kite.yaml"), "-o", str(plain)]) == 0
    assert "Findings about the organisation" not in plain.read_text(encoding="utf-8")


def test_rules_fired_in_the_json(capsys):
    assert main(["check", "--file", str(FIXTURES / "no-superior.yaml"), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["rules_fired"] == {"no-superior": 1}


def test_lang_follows_the_content():
    assert report.content_lang(["Министарство финансија"]) == "sr"
    assert report.content_lang(["საქართველოს ჯანდაცვის სამინისტრო"]) == "ka"
    assert report.content_lang(["Home Office"]) == "en"
    html = report.to_html([("ge", "საქართველოს სამინისტრო", [])])
    assert html.startswith('<!DOCTYPE html>\n<html lang="ka">')
    org = read(FIXTURES / "base.yaml")
    assert report.to_html([("t", org.organisation.name, [])]).startswith(
        f'<!DOCTYPE html>\n<html lang="{report.content_lang([org.organisation.name])}">')


def test_a_loader_warning_on_many_rows_is_one_finding_listing_them():
    from graph.schema.model import Provenance, Warning

    org = read(FIXTURES / "base.yaml")
    posts = [p.key for p in org.posts][:3]
    ws = [Warning(code="placeholder-name", message=f"row {i}: holder 'Vacant'", subject=k,
                  provenance=Provenance(document="r.csv", line=10 + i)) for i, k in enumerate(posts)]
    ws.append(Warning(code="job-share", message="one job share", severity="info",
                      provenance=Provenance(document="r.csv", line=40)))
    found = run_checks(org.model_copy(update={"warnings": ws}), select=["loader-warning"])
    assert [(f.data["code"], f.severity) for f in found] == [("placeholder-name", "warning"), ("job-share", "info")]
    f = found[0]
    assert f.subjects == posts and f.data["count"] == 3 and len(f.data["messages"]) == 3
    assert f.message.startswith("3 times: ") and f.message.endswith("at lines 10, 11, 12")
    assert [p.line for p in f.provenance] == [10, 11, 12]
