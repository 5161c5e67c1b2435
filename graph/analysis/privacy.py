"""Names of people are personal data: an org model without them, for exports that were not asked for them.

>>> from graph.schema.model import Holder, Organisation, OrgFile, Post
>>> org = OrgFile(organisation=Organisation(key="x", name="X"), posts=[Post(key="x/post/1", name="Head",
...               attributes={"holders": ["Jane Doe"], "reference": "1"})],
...               holders=[Holder(post="x/post/1", name="Jane Doe")])
>>> clean = without_names(org)
>>> clean.holders[0].name, clean.posts[0].attributes, org.holders[0].name
(None, {'reference': '1'}, 'Jane Doe')
"""

from __future__ import annotations

from graph.schema.model import OrgFile

# Post attributes that hold names of people (the UK returns' name column, as written).
NAME_ATTRIBUTES = ("holders",)


def without_names(org: OrgFile) -> OrgFile:
    """A copy of ``org`` with holders' names and name-bearing post attributes left out."""
    posts = [p.model_copy(update={"attributes": {k: v for k, v in p.attributes.items() if k not in NAME_ATTRIBUTES}})
             if any(k in p.attributes for k in NAME_ATTRIBUTES) else p for p in org.posts]
    holders = [h.model_copy(update={"name": None}) for h in org.holders]
    return org.model_copy(update={"posts": posts, "holders": holders})
