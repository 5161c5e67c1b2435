"""A user's ``--key`` and ``--name`` over what a loader derived, for every loader.

Every key of an organisation's records starts with the organisation's key and a slash
(``<org>/post/3``, ``<org>/u/...``), so a new key is the old prefix replaced in every
reference; title keys (``rs/...``, ``ge/...``) and source texts are left alone.

>>> from graph.schema.model import Organisation, OrgFile, Post
>>> org = OrgFile(organisation=Organisation(key="abc", name="Old"),
...               posts=[Post(key="abc/post/1", name="Head")])
>>> new = override(org, key="my-body", name="My body")
>>> new.organisation.key, new.organisation.name, new.posts[0].key
('my-body', 'My body', 'my-body/post/1')
>>> new.organisation.attributes["derived"]
{'key': 'abc', 'name': 'Old'}
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from graph.errors import InputError
from graph.schema.model import OrgFile

_KEY = re.compile(r"[a-z0-9][a-z0-9._-]*")
# Fields that hold keys of the organisation's own records (or lists of them).
_KEY_FIELDS = {"key", "subject", "unit", "heads", "parent", "post", "superior", "principal", "substitute",
               "responsible", "approvers", "subjects", "adopted_by"}
# Free text that may quote a key ("kept as <org>/post/5-2").
_TEXT_FIELDS = {"message", "note"}


def override(org: OrgFile, *, key: str | None = None, name: str | None = None) -> OrgFile:
    """``org`` with its key and/or name replaced; the derived ones kept in ``attributes.derived``."""
    if key is None and name is None:
        return org
    if key is not None and not _KEY.fullmatch(key):
        raise InputError(f"--key {key!r} is not a key: use lower-case letters, digits, '.', '_' or '-' "
                         "(no '/')", key=key)
    old = org.organisation.key
    data = org.model_dump(mode="json")
    derived = {"key": old, "name": data["organisation"]["name"]}
    if key is not None and key != old:
        text_rx = re.compile(rf"(?<![\w/-]){re.escape(old)}/")

        def swap(value: Any, field: str | None) -> Any:
            if field == "identifiers":
                return value  # codes of other registers: a scheme may be called anything
            if isinstance(value, dict):
                return {k: swap(v, k) for k, v in value.items()}
            if isinstance(value, list):
                return [swap(v, field) for v in value]
            if isinstance(value, str):
                if field in _KEY_FIELDS and (value == old or value.startswith(old + "/")):
                    return key + value[len(old):]
                if field in _TEXT_FIELDS:
                    return text_rx.sub(key + "/", value)
            return value

        data = {k: (v if k in ("titles", "sources") else swap(v, k)) for k, v in data.items()}
    if name is not None:
        data["organisation"]["name"] = name
    attrs = data["organisation"].setdefault("attributes", {}) or {}
    attrs["derived"] = derived
    data["organisation"]["attributes"] = attrs
    try:
        return OrgFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"--key/--name make an invalid organisation: {exc.errors()[0]['msg']}") from None


def owned_keys(data: dict[str, Any]) -> dict[str, Any]:
    """Raw org-file data with the organisation's prefix given to record keys that lack it, in
    every reference: for readers whose keys come from elsewhere (W3C ORG IRIs, a template filled
    by hand), since a key of a unit, post or activity starts with ``<org>/``.

    >>> d = owned_keys({"organisation": {"key": "b"}, "posts": [{"key": "p1"}, {"key": "b/post/2"}],
    ...                 "supervision": [{"post": "b/post/2", "superior": "p1"}]})
    >>> [p["key"] for p in d["posts"]], d["supervision"][0]["superior"]
    (['b/p1', 'b/post/2'], 'b/p1')
    """
    org = (data.get("organisation") or {}).get("key")
    if not isinstance(org, str):
        return data
    renamed = {r["key"]: f"{org}/{r['key']}" for section in ("units", "posts", "activities")
               for r in data.get(section) or [] if isinstance(r, dict) and isinstance(r.get("key"), str)
               and r["key"] != org and not r["key"].startswith(org + "/")}
    if not renamed:
        return data

    def swap(value: Any, field: str | None) -> Any:
        if field == "identifiers":
            return value
        if isinstance(value, dict):
            return {k: swap(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v, field) for v in value]
        if isinstance(value, str) and field in _KEY_FIELDS:
            return renamed.get(value, value)
        return value

    return {k: (v if k in ("organisation", "titles", "sources") else swap(v, k)) for k, v in data.items()}
