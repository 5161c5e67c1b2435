"""Document hygiene: titles the catalogue does not know, post numbers missing
or used twice, and what the loader itself repaired or doubted."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from graph.checks.engine import Context, Hit, rule

_NUMBER = re.compile(r"^(\d+)\s*[a-zA-Zа-яА-Я]?$")


@rule("unknown-title", "warning", "titles the catalogue does not know (one finding per title as written)",
      "the decree's catalogue of titles (Art. 5-6, 11-14)", explained_by=("title-code-unreadable",))
def unknown_title(ctx: Context):
    # Grouped by the title as written: a UK body has thousands of junior rows in a few delegated
    # grades, and one finding per grade says all there is to say.
    groups: dict[tuple[str, str], list[str]] = {}
    for p in ctx.org.posts:
        if p.title is not None and ctx.titles and p.title not in ctx.titles:
            groups.setdefault(("key", p.title), []).append(p.key)
        elif p.title is None and p.title_as_written:
            groups.setdefault(("written", p.title_as_written), []).append(p.key)
    for (kind, text), keys in groups.items():
        shown = _a_few(ctx, keys)
        if kind == "key":
            what, data = f"the title {text!r}, which the catalogue does not know", {"title": text}
        else:
            what, data = f"the title \"{text}\", which matches no known title", {"title_as_written": text}
        if len(keys) == 1:
            yield Hit(f"{ctx.label(keys[0])} has {what}", keys, data=data)
        else:
            named = set(shown)
            listed = ", ".join(f"{ctx.label(k)}{_line(ctx, k)}" for k in shown)
            yield Hit(f"{len(keys)} posts have {what}: {listed}"
                      + (f" and {len(keys) - len(shown)} more" if len(keys) > len(shown) else ""),
                      shown, data={**data, "posts": len(keys)}, covered=[k for k in keys if k not in named])


def _line(ctx: Context, key: str) -> str:
    """`` (line N)`` for a post without a number (rows of a table look alike by name)."""
    prov = ctx.prov(key)
    p = ctx.posts.get(key)
    return f" (line {prov.line})" if prov and prov.line and p is not None and not p.number else ""


def _a_few(ctx: Context, keys: list[str], limit: int = 5) -> list[str]:
    """Up to ``limit`` posts: the first of each source document, then the next ones in order.

    The first of each document is where a loader reports a spelling once per file.
    """
    first: dict[str | None, int] = {}
    for i, k in enumerate(keys):
        prov = ctx.prov(k)
        first.setdefault(prov.document if prov else None, i)
    chosen = set(list(first.values())[:limit])
    for i in range(len(keys)):
        if len(chosen) >= limit:
            break
        chosen.add(i)
    return [keys[i] for i in sorted(chosen)]


@rule("missing-title", "info", "posts with no title at all, in an organisation that uses titles",
      "Annex 2 of the decree (every post is classified in a title)",
      explained_by=("title-code-unreadable", "form-header-lost"))
def missing_title(ctx: Context):
    if not ctx.titles:
        return
    missing = [p.key for p in ctx.org.posts if p.title is None and not p.title_as_written]
    if missing:
        yield Hit(f"{len(missing)} post(s) have no title: {ctx.labels(missing)}", missing,
                  data={"posts": len(missing)})


@rule("post-number-duplicate", "warning", "two posts with the same number",
      "document hygiene (posts are numbered once)", explained_by=("post-rekeyed",))
def post_number_duplicate(ctx: Context):
    keys, numbers = ctx.numbered
    folded = list(map(str.lower, numbers))
    # Counted first: a list per number only for the few numbers used twice.
    twice = {n for n, c in Counter(folded).items() if c > 1}
    by_number: dict[str, list[str]] = defaultdict(list)
    for key, number in zip(keys, folded):
        if number in twice:
            by_number[number].append(key)
    for number, same in by_number.items():
        yield Hit(f"{len(same)} posts have the number {number}: {ctx.labels(same)}", same)


@rule("post-number-gap", "info", "gap in a sequential post numbering",
      "document hygiene (a missing number may be a lost post)")
def post_number_gap(ctx: Context):
    keys, numbers = ctx.numbered
    nums = set()
    for n in numbers:
        if n.isdecimal():
            nums.add(int(n))
        elif m := _NUMBER.match(n):
            nums.add(int(m.group(1)))
    # Only a numbering that starts at 1 and is mostly dense is a sequence (not ids, as in UK data).
    if not nums or min(nums) != 1 or len(nums) < 0.8 * len(numbers):
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
    by_number = dict(zip(numbers, keys))
    for a, b in ranges:
        before = by_number.get(str(a - 1))
        what = f"post number {a} is" if a == b else f"post numbers {a}-{b} are"
        yield Hit(f"{what} missing from the numbering 1-{top}", [before] if before else [],
                  data={"from": a, "to": b})


@rule("loader-warning", "warning", "what the loader repaired, doubted or could not resolve",
      "the loader (each warning names its own code)")
def loader_warning(ctx: Context):
    # Runs last: a warning that explains another rule's finding is named there (explained_by), not again.
    for w in ctx.org.warnings:
        if id(w) in ctx.explained:
            continue
        subject = ctx.warning_subject(w)
        yield Hit(f"{w.message} [{w.code}]", [subject] if subject else [], severity=w.severity,
                  provenance=[w.provenance or (ctx.prov(w.subject) if w.subject else None)],
                  data={"code": w.code})
