"""Document hygiene: titles the catalogue does not know, post numbers missing
or used twice, and what the loader itself repaired or doubted."""

from __future__ import annotations

import re
from collections import defaultdict

from graph.checks.engine import REGISTRY, Context, Hit, rule

_NUMBER = re.compile(r"^(\d+)\s*[a-zA-Zа-яА-Я]?$")


@rule("unknown-title", "warning", "post whose title is not in the title catalogue",
      "the decree's catalogue of titles (Art. 5-6, 11-14)", covers=("unknown-title", "unknown_title"))
def unknown_title(ctx: Context):
    for p in ctx.org.posts:
        if p.title is not None and ctx.titles and p.title not in ctx.titles:
            yield Hit(f"{ctx.label(p.key)} has the title {p.title!r}, which the catalogue does not know",
                      [p.key], data={"title": p.title})
        elif p.title is None and p.title_as_written:
            yield Hit(f"{ctx.label(p.key)} has the title \"{p.title_as_written}\", which matches no known title",
                      [p.key], data={"title_as_written": p.title_as_written})


@rule("missing-title", "info", "posts with no title at all, in an organisation that uses titles",
      "Annex 2 of the decree (every post is classified in a title)")
def missing_title(ctx: Context):
    if not ctx.titles:
        return
    missing = [p.key for p in ctx.org.posts if p.title is None and not p.title_as_written]
    if missing:
        yield Hit(f"{len(missing)} post(s) have no title: {ctx.labels(missing)}", missing,
                  data={"posts": len(missing)})


@rule("post-number-duplicate", "warning", "two posts with the same number",
      "document hygiene (posts are numbered once)")
def post_number_duplicate(ctx: Context):
    by_number: dict[str, list[str]] = defaultdict(list)
    for p in ctx.org.posts:
        if p.number:
            by_number[p.number.strip().rstrip(".").lower()].append(p.key)
    for number, keys in by_number.items():
        if len(keys) > 1:
            yield Hit(f"{len(keys)} posts have the number {number}: {ctx.labels(keys)}", keys)


@rule("post-number-gap", "info", "gap in a sequential post numbering",
      "document hygiene (a missing number may be a lost post)")
def post_number_gap(ctx: Context):
    nums = set()
    numbered = 0
    for p in ctx.org.posts:
        if p.number:
            numbered += 1
            m = _NUMBER.match(p.number.strip().rstrip("."))
            if m:
                nums.add(int(m.group(1)))
    # Only a numbering that starts at 1 and is mostly dense is a sequence (not ids, as in UK data).
    if not nums or min(nums) != 1 or len(nums) < 0.8 * numbered:
        return
    top = max(nums)
    missing = [n for n in range(1, top + 1) if n not in nums]
    if not missing or len(missing) > len(nums):
        return
    ranges, start = [], missing[0]
    for a, b in zip(missing, missing[1:] + [None]):
        if b != a + 1:
            ranges.append((start, a))
            start = b
    by_number = {p.number.strip().rstrip("."): p.key for p in ctx.org.posts if p.number}
    for a, b in ranges:
        before = by_number.get(str(a - 1))
        what = f"post number {a} is" if a == b else f"post numbers {a}-{b} are"
        yield Hit(f"{what} missing from the numbering 1-{top}", [before] if before else [],
                  data={"from": a, "to": b})


@rule("loader-warning", "warning", "what the loader repaired, doubted or could not resolve",
      "the loader (each warning names its own code)")
def loader_warning(ctx: Context):
    # Runs last: a loader warning another rule already reports (same post, matching code) is left out.
    reported: dict[str, set[str]] = defaultdict(set)
    for f in ctx.findings:
        covers = REGISTRY[f.rule].covers if f.rule in REGISTRY else ()
        for s in f.subjects or [""]:
            reported[s].update(covers)
    for w in ctx.org.warnings:
        # Org-level warnings (no subject, or the organisation itself) meet findings with no subject.
        subject = w.subject if w.subject in ctx.posts or w.subject in ctx.units else ""
        if any(c in w.code for c in reported.get(subject, ())):
            continue
        yield Hit(f"{w.message} [{w.code}]", [subject] if subject else [], severity=w.severity,
                  provenance=[w.provenance or (ctx.prov(w.subject) if w.subject else None)],
                  data={"code": w.code})
