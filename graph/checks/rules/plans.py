"""Action plans: every activity has someone responsible and someone who approves it.

A municipal action plan gives each activity a responsible person/body (Одговорна
особа/субјекат) and an approving authority (Надлежни орган за усвајање).
"""

from __future__ import annotations

from graph.checks.engine import Context, Hit, rule


def _label(a) -> str:
    text = a.text if len(a.text) <= 80 else a.text[:77] + "..."
    return f'activity {a.number} "{text}"' if a.number else f'activity "{text}"'


@rule("activity-no-responsible", "warning", "plan activity without a responsible post or body",
      "municipal action plan (Одговорна особа/субјекат)")
def activity_no_responsible(ctx: Context):
    for a in ctx.org.activities:
        if not a.responsible:
            yield Hit(f"{_label(a)} names no one responsible for it", [a.key], provenance=[a.provenance])


@rule("activity-no-approver", "warning", "plan activity without an approving body",
      "municipal action plan (Надлежни орган за усвајање или одобрење)")
def activity_no_approver(ctx: Context):
    for a in ctx.org.activities:
        if not a.approvers:
            yield Hit(f"{_label(a)} names no one to approve it", [a.key], provenance=[a.provenance])
