-- name: uk-snapshots
-- The loaded (live) snapshots of one body: organisations whose key is the body's slug, "@" and a date.
MATCH (o:Organisation)
WHERE o.key STARTS WITH $prefix
RETURN o.key AS key, o.name AS name, toString(o.snapshot) AS snapshot
ORDER BY o.key;
