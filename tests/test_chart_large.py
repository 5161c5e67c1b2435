"""A 2,000-post synthetic body still draws, with every post on it (its speed is measured by `orgraph bench`)."""

from __future__ import annotations

from graph.schema.model import OrgFile, Organisation, Post, Supervision, Unit
from viz.render import render
from viz.svg import read_svg


def synthetic_org(n_posts: int = 2000, per_section: int = 8) -> OrgFile:
    """Sectors of four departments of three sections, each section a head and
    ``per_section`` leaf posts, until ``n_posts`` posts exist (director included)."""
    units: list[Unit] = []
    posts = [Post(key="big/post/1", number="1", name="Директор")]
    supervision: list[Supervision] = []

    def post(name: str, unit: str, superior: str, heads: str | None = None) -> str:
        key = f"big/post/{len(posts) + 1}"
        posts.append(Post(key=key, number=str(len(posts) + 1), name=name, unit=unit, heads=heads,
                          headcount=1 + len(posts) % 3))
        supervision.append(Supervision(post=key, superior=superior, basis="derived"))
        return key

    sector = 0
    while len(posts) < n_posts:
        sector += 1
        s = f"big/{sector}"
        units.append(Unit(key=s, number=str(sector), name=f"Сектор {sector} за информационе технологије",
                          kind="sector"))
        s_head = post("Помоћник директора", s, "big/post/1", heads=s)
        for d in range(1, 5):
            dep = f"{s}.{d}"
            units.append(Unit(key=dep, number=f"{sector}.{d}", name=f"Одељење {d} за пројектовање",
                              kind="department", parent=s))
            d_head = post("Начелник одељења", dep, s_head, heads=dep)
            for x in range(1, 4):
                sec = f"{dep}.{x}"
                units.append(Unit(key=sec, number=f"{sector}.{d}.{x}", name=f"Одсек {x} за базе података",
                                  kind="section", parent=dep))
                x_head = post("Шеф одсека", sec, d_head, heads=sec)
                for i in range(per_section):
                    if len(posts) >= n_posts:
                        break
                    post(f"Систем аналитичар {i + 1}", sec, x_head)
                if len(posts) >= n_posts:
                    break
            if len(posts) >= n_posts:
                break
    return OrgFile(organisation=Organisation(key="big", name="Синтетичка канцеларија"), units=units,
                   posts=posts, supervision=supervision)


def test_two_thousand_posts_render_as_svg():
    org = synthetic_org(2000)
    assert len(org.posts) == 2000
    out = render(org, fmt="svg")
    chart = read_svg(out.data)
    assert len([n for n in chart.nodes.values() if "post" in n.classes]) == 2000
    assert len([e for e in chart.edges if e[2] == "line"]) == 1999


def test_two_thousand_posts_folded_to_depth_two():
    org = synthetic_org(2000)
    out = render(org, fmt="svg", depth=2)
    chart = read_svg(out.data)
    posts = [n for n in chart.nodes.values() if "post" in n.classes]
    folded = [n for n in chart.nodes.values() if "folded" in n.classes]
    kinds = {u.key: u.kind for u in org.units}
    # Depth 2 below the director: the sector heads and the department heads.
    heads = [p for p in org.posts if p.heads and kinds[p.heads] in ("sector", "department")]
    assert len(posts) == 1 + len(heads)
    total_folded = sum(int(n.text.split()[0].lstrip("+")) for n in folded)
    assert len(posts) + total_folded == 2000
