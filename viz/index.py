"""The org index charts draw from: :class:`graph.analysis.index.OrgIndex`, plus a title's
readable name with the shared catalogue as a fallback.

Charts ask the same few questions many times (the units above a unit, the line
reports of a post); the shared index answers them from dictionaries, which keeps
a 2,000-post chart fast.

>>> from graph.schema.model import OrgFile, Organisation, Post
>>> ix = OrgIndex(OrgFile(organisation=Organisation(key="x", name="X"),
...                       posts=[Post(key="x/post/1", name="Boss", title="rs/savetnik")]))
>>> ix.chart_title(ix.posts["x/post/1"])
'саветник'
"""

from __future__ import annotations

from graph.analysis.index import OrgIndex as _SharedIndex
from graph.schema.model import Post


class OrgIndex(_SharedIndex):
    """The shared index; line edges between existing posts are ``line_reports``/``line_superiors``."""

    def chart_title(self, post: Post) -> str | None:
        """The title's name in the original script; the catalogue, then the code, as fallbacks."""
        if not post.title:
            return post.title_as_written
        if post.title in self.titles:
            return self.titles[post.title].name
        return _catalogue_title(post.title) or post.title_as_written or post.title.split("/", 1)[-1]


def _catalogue_title(key: str) -> str | None:
    # Org files may leave titles out and rely on the shared catalogue.
    system = key.split("/", 1)[0]
    try:
        from graph.catalogues import load_titles

        for t in load_titles(system):
            if t.key == key:
                return t.name
    except Exception:  # noqa: BLE001 - a missing catalogue only costs the nicer name
        return None
    return None
