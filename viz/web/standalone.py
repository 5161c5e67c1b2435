"""One HTML file with the interactive chart: data, d3 and the chart's script inlined.

For people without orgraph: it opens from disk or an e-mail attachment,
fetches nothing (a Content-Security-Policy in the file forbids it), and has
the same collapsible chart, search (names folded as the library folds them)
and post cards as ``orgraph serve`` -- the cards computed in the browser from
the inlined data, with the library's acting rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from graph.schema.model import OrgFile
from viz.web.app import HERE, templates
from viz.web.data import chart_data, packed, script_json

D3 = HERE / "static" / "vendor" / "d3-7.9.0.min.js"


def _inline_script(text: str) -> str:
    # Inside <script> only "</script" (any case) ends the element; "<!--" can confuse the parser.
    return text.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT").replace("<!--", "<\\!--")


def _inline_style(text: str) -> str:
    return text.replace("</style", "<\\/style").replace("</STYLE", "<\\/STYLE")


def standalone_html(org: OrgFile, findings: Iterable[Any] | None = None) -> str:
    """The self-contained chart page of ``org`` as a string.

    >>> from graph.schema.model import OrgFile, Organisation, Post
    >>> html = standalone_html(OrgFile(organisation=Organisation(key="x", name="<b>X</b>"),
    ...                                posts=[Post(key="x/post/1", name="</script><i>")]))
    >>> "<b>X</b>" in html, "</script><i>" in html, "http" in html.split("<script")[0].replace("http-equiv", "")
    (False, False, False)
    """
    from graph.queries.acting import RULES

    data = chart_data(org, findings, folded=True)
    data["rules"] = RULES
    page = templates.get_template("chart.html")
    return page.render(standalone=True, org=org.organisation.key, org_name=org.organisation.name,
                       data_json=script_json(packed(data)), css=_inline_style((HERE / "static" / "orgraph.css").read_text(encoding="utf-8")),
                       d3=_inline_script(D3.read_text(encoding="utf-8")),
                       js=_inline_script((HERE / "static" / "orgchart.js").read_text(encoding="utf-8")))


def write_standalone(org: OrgFile, path: Path, findings: Iterable[Any] | None = None) -> dict[str, Any]:
    """Write the chart file (whole, or not at all); what was written."""
    text = standalone_html(org, findings)
    tmp = Path(path).with_name(Path(path).name + ".part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return {"file": str(path), "format": "html", "nodes": len(org.posts), "edges": len(org.supervision),
            "bytes": len(text.encode("utf-8"))}
