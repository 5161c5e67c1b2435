"""Every warning code a loader writes, per loader: what it could not read or had to repair.

A loader extracts; the checks (:mod:`graph.checks.rules`) judge the organisation. So
no code here is also a check rule id (a test holds both lists against each other and
against the codes written in the loaders' source). Where a loader's note explains a
check's finding (a superior named but not resolved, a post re-keyed for a repeated
number), the rule names the code in its ``explained_by`` and the finding carries it.

>>> "unresolved-superior" in WARNING_CODES["georgian"] and "unresolved-superior" in WARNING_CODES["uk"]
True
>>> sorted(WARNING_CODES)
['georgian', 'municipal', 'rulebook', 'uk']
"""

from __future__ import annotations

WARNING_CODES: dict[str, dict[str, str]] = {
    "rulebook": {
        "article-number-duplicate": "an article number used twice",
        "declared-unknown-title": "an Art. 28 figure names no known title; the figure is left out",
        "declared-unreadable": "an Art. 28 line without a readable figure",
        "extra-title-line": "a post's second title/headcount line, ignored",
        "head-kind-mismatch": "a head's name does not fit its unit's kind; not taken as the head",
        "head-name-outside-units": "a post named like a head stands in no unit; not taken as a head",
        "missing-description-label": "a description without its label, read as the description",
        "missing-headcount": "a post states no number of civil servants",
        "no-director": "no post named director, so supervision cannot be derived up to a root",
        "position-count-wording": "a position post's count lacks 'на положају'",
        "post-number-order": "a post number out of the document's order",
        "post-rekeyed": "a post number used again; the later post kept under another key",
        "second-head-not-taken": "a unit's second head post, not taken as its head",
        "stray-line": "text outside any post",
        "substitution-unresolved": "the director's substitute named, but a post is missing",
        "title-normalised": "a title read by a repaired spelling",
        "unit-heading-duplicate": "a unit with a second heading",
        "unit-name-differs": "a unit named differently in two places",
        "unit-not-in-articles": "a unit heading that no article lists",
        "unit-parent-missing": "a unit whose parent number is not there; placed higher",
    },
    "georgian": {
        "ambiguous-accountability": "an accountability line naming several posts; none drawn",
        "ambiguous-substitute": "a substitute naming several posts; each kept",
        "ambiguous-superior": "a superior naming several posts; no edge drawn",
        "declaration-unreadable": "a declared count that cannot be read",
        "form-header-lost": "a form whose header was lost; kept as a partial post",
        "form-starts-mid-header": "a form whose first header lines were lost",
        "institution-missing": "no form names the institution",
        "rank-category-conflict": "the title and the category/rank cells disagree; the title's code used",
        "rank-category-read": "category/rank written with spaced numerals, read as a code",
        "title-code-unreadable": "no rank-category code could be read for a title",
        "unattributed-fragment": "lines of a form with nothing to attach them to",
        "unresolved-accountability": "an accountability line to no post of the forms",
        "unresolved-substitute": "a substitute named only vaguely; kept as text",
        "unresolved-superior": "a superior named in the text that is no post of the forms",
    },
    "uk": {
        "applied-fix": "a superior reference read with a fix",
        "blank-job-title": "a blank or placeholder job title",
        "blank-reference": "a post without a reference, loaded under its row number",
        "blank-superior": "a blank superior reference; no reporting line made",
        "column-mismatch": "a row with more or fewer cells than the header",
        "duplicate-reference": "a reference used again for a different post",
        "duplicate-row": "a row repeating another",
        "empty-file": "an empty file",
        "encoding": "a file that is not UTF-8, read as Windows-1252",
        "extra-column": "a column that is no organogram column, ignored",
        "fte-out-of-range": "a negative FTE; headcount left unknown",
        "header-only": "a file with a header and no rows",
        "job-share": "two rows of one post, FTE summed",
        "junior-at-top": "junior staff reporting to XX; no reporting line made",
        "missing-column": "an organogram column not in the file",
        "missing-fte": "a blank FTE; headcount left unknown",
        "missing-junior-file": "no junior file beside the senior one",
        "missing-senior-file": "no senior file beside the junior one",
        "no-snapshot": "no snapshot date in the file name or the options",
        "no-top": "no post reports to XX",
        "non-numeric-fte": "an FTE that is not a number; headcount left unknown",
        "placeholder-name": "a holder name that is a placeholder",
        "self-reference": "a post reporting to itself, treated as a top post",
        "several-organisation-names": "rows naming the organisation differently",
        "suggested-fix": "a superior reference that is no post, with a likely fix",
        "unknown-header": "a header that names no organogram",
        "unreadable": "a file not readable as CSV",
        "unresolved-superior": "a superior reference that is no post of the senior file",
    },
    "municipal": {
        "municipal/doubtful-join": "a line that may belong to the next row",
        "municipal/duplicate-number": "two activities with one number",
        "municipal/name-merged": "a name read as another actor's",
        "municipal/partial-row": "an activity not read fully",
        "municipal/role-missing": "a role the procedure does not name",
        "municipal/row-joined": "an activity broken over lines, joined",
    },
}


def all_codes() -> set[str]:
    """Every loader warning code, whichever loader writes it."""
    return {code for codes in WARNING_CODES.values() for code in codes}
