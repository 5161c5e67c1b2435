"""The Serbian title catalogue and rule set, held as data, against the decree (seed 004)."""

from __future__ import annotations

import re

from graph.catalogues import load_rules, load_titles
from graph.text.names import fold

TITLE_KEYS = ["rs/visi-savetnik", "rs/samostalni-savetnik", "rs/savetnik", "rs/mladji-savetnik",
              "rs/saradnik", "rs/mladji-saradnik", "rs/referent", "rs/mladji-referent"]


def test_order_groups_above_titles():
    titles = load_titles("rs")
    assert [t.key for t in titles] == [f"rs/polozaj-{i}" for i in range(1, 6)] + TITLE_KEYS
    assert [t.rank for t in titles] == list(range(1, 14))
    assert {t.kind for t in titles[:5]} == {"position_group"} and {t.kind for t in titles[5:]} == {"title"}
    assert [t.key for t in titles if t.junior] == ["rs/mladji-savetnik", "rs/mladji-saradnik", "rs/mladji-referent"]
    for t in titles:
        assert t.key == f"{t.system}/{t.code}" and t.system == "rs"
        assert re.fullmatch(r"[а-яђјљњћџ ]+", t.name), t.name  # Cyrillic
        assert fold(t.name) == fold(t.attributes["name_latin"])  # the same name in both scripts
        assert t.attributes["article"]


def test_qualification_minimums():
    q = {t.key: (t.attributes["education_ects"], t.attributes["experience_months"])
         for t in load_titles("rs") if t.kind == "title"}
    assert q == {"rs/visi-savetnik": (240, 84), "rs/samostalni-savetnik": (240, 60), "rs/savetnik": (240, 36),
                 "rs/mladji-savetnik": (240, 12), "rs/saradnik": (180, 36), "rs/mladji-saradnik": (180, 9),
                 "rs/referent": (0, 24), "rs/mladji-referent": (0, 6)}


def test_rules_shape_and_values():
    r = load_rules("rs")
    assert r["system"] == "rs" and r["source"].startswith("Uredba o razvrstavanju")
    h = r["head_rules"]
    assert h["article"] == "18" and h["head_not_below_unit_posts"] is True
    assert h["forbidden_titles"] == ["rs/mladji-savetnik", "rs/mladji-saradnik", "rs/mladji-referent"]
    assert {"Начелник одељења", "Шеф одсека", "Руководилац групе"} <= set(h["head_post_names"])
    q = r["quotas"]
    assert q["article"] == "38" and q["base"] == "civil_servants"
    assert q["limits"] == [
        {"title": "rs/visi-savetnik", "max_share": 0.10, "max_share_with_approval": 0.15},
        {"title": "rs/samostalni-savetnik", "max_share": 0.20, "max_share_with_approval": 0.30},
    ]
    keys = {t.key for t in load_titles("rs")}
    assert {lim["title"] for lim in q["limits"]} <= keys and set(h["forbidden_titles"]) <= keys
    names = {fold(b["name"]) for b in q["exempt_bodies"]}
    assert fold("Канцеларија за информационе технологије и електронску управу") in names
    assert all(fold(b["name"]) == fold(b["name_cyrillic"]) for b in q["exempt_bodies"])
    assert len(q["exempt_bodies"]) == 11


def test_catalogue_agrees_with_the_decree(seed_doc):
    """Each title's article in the decree names it and states its minimum experience."""
    text = seed_doc("decree").read_text(encoding="utf-8")
    articles = re.split(r"\n\s*Član (\d+[a-z]?)\s*\n", text)
    by_no = {articles[i]: articles[i + 1] for i in range(1, len(articles) - 1, 2)}
    assert "viši savetnik, samostalni savetnik, savetnik, mlađi savetnik, saradnik, mlađi saradnik, " \
           "referent i mlađi referent" in by_no["7"]
    words = {84: "sedam godina", 60: "pet godina", 36: "tri godine", 12: "jedna godina",
             9: "devet meseci", 24: "dve godine", 6: "šest meseci"}
    for t in load_titles("rs"):
        if t.kind != "title":
            continue
        body = " ".join(by_no[t.attributes["article"]].split())
        assert words[t.attributes["experience_months"]] in body, t.key
        ects = t.attributes["education_ects"]
        assert (f"{ects} ESPB" in body) if ects else ("srednjoj školi" in body), t.key
    art38 = " ".join(by_no["38"].split())
    assert "više od 10%" in art38 and "više od 20%" in art38 and "do 15%" in art38 and "do 30%" in art38
    for body in load_rules("rs")["quotas"]["exempt_bodies"]:
        assert " ".join(body["as_written"].split()) in art38, body["name"]
    art18 = " ".join(by_no["18"].split())
    assert "izuzev u zvanja mlađeg savetnika, mlađeg saradnika i mlađeg referenta" in art18


def test_decree_head_names_are_heads_to_the_rulebook_loader():
    """The Art. 18 head posts (rules-rs.yaml, read by the checks) are heads to the loader too
    (rulebook-rs.yaml, unit_kinds): the two catalogues do not disagree."""
    from graph.loaders.rulebook.conventions import Conventions

    conv = Conventions.default()
    names = load_rules("rs")["head_rules"]["head_post_names"]
    assert names and all(conv.head_kind(n) is not None for n in names)
    assert conv.head_kind("Помоћник директора") == "sector" and conv.head_kind("Саветник") is None
