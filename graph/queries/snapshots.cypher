-- name: snapshots_of
-- The loaded snapshots of one body: organisations whose key is the body's slug, "@" and a date.
MATCH (o:Organisation)
WHERE o.key STARTS WITH $prefix
RETURN o.key AS key, o.name AS name, toString(o.snapshot) AS snapshot
ORDER BY o.key;

-- name: org-exists
-- Whether an organisation with exactly this key is loaded.
MATCH (o:Organisation {key: $key})
RETURN o.key AS key;

-- name: org-snapshots
-- The loaded snapshots of one body: keys "<body>@<date>", latest first.
MATCH (o:Organisation)
WHERE o.key STARTS WITH $prefix
RETURN o.key AS key, o.name AS name, toString(o.snapshot) AS snapshot
ORDER BY coalesce(toString(o.snapshot), substring(o.key, size($prefix))) DESC, o.key DESC;
