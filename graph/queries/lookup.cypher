-- Finding posts, units and organisations by key, number or folded name.
-- Every query returns the same "card" columns so callers can show candidates alike.

-- name: post_by_key
-- The post with this key (unique constraint), as a card.
MATCH (p:Post {key: $key})
WHERE p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount

-- name: posts_by_number
-- Posts with this number (as written in the document), within the organisations of $gens (live generations).
MATCH (p:Post)
WHERE p.number = $number AND p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount
ORDER BY p.org, p.seq
LIMIT $limit

-- name: posts_by_name
-- Posts whose folded name equals $name_norm (graph.names.fold), within the organisations of $gens (live generations).
MATCH (p:Post)
WHERE p.name_norm = $name_norm AND p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount
ORDER BY p.org, p.seq
LIMIT $limit

-- name: posts_name_starts
-- Posts whose folded name begins with the words $name_norm ("Direktor" finds "Директор Канцеларије", not
-- "Помоћник директора"), within the organisations of $gens (live generations).
MATCH (p:Post)
WHERE p.name_norm STARTS WITH ($name_norm + ' ') AND p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount
ORDER BY p.org, p.seq
LIMIT $limit

-- name: posts_name_contains
-- Posts whose folded name contains $name_norm (served by the text index), within the organisations of $gens (live generations).
MATCH (p:Post)
WHERE p.name_norm CONTAINS $name_norm AND p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount
ORDER BY p.org, p.seq
LIMIT $limit

-- name: count_name_contains
-- How many posts a contains-search matches (the search itself is limited).
MATCH (p:Post)
WHERE p.name_norm CONTAINS $name_norm AND p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
RETURN count(p) AS n

-- name: units_by
-- Units by key, or by number or folded name (within the organisations of $gens (live generations)).
MATCH (u:Unit)
WHERE u.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen }) AND (u.key = $ref OR u.number = $number OR u.name_norm = $name_norm)
OPTIONAL MATCH (u)-[:PART_OF]->(parent)
RETURN u.key AS key, u.number AS number, u.name AS name, u.kind AS kind, u.org AS org, parent.key AS parent
ORDER BY u.key = $ref DESC, u.org, u.seq
LIMIT $limit

-- name: units_name_contains
-- Units whose folded name contains $name_norm.
MATCH (u:Unit)
WHERE u.name_norm CONTAINS $name_norm AND u.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
OPTIONAL MATCH (u)-[:PART_OF]->(parent)
RETURN u.key AS key, u.number AS number, u.name AS name, u.kind AS kind, u.org AS org, parent.key AS parent
ORDER BY u.org, u.seq
LIMIT $limit

-- name: orgs_by
-- Organisations by key, folded name or external identifier ('scheme:code').
MATCH (o:Organisation)
WHERE o.key = $ref OR o.name_norm = $name_norm OR $ref IN coalesce(o.identifiers, [])
RETURN o.key AS key, o.name AS name, o.kind AS kind
ORDER BY o.key = $ref DESC, o.key
LIMIT $limit

-- name: posts_named_as_prefix
-- Posts whose folded name begins $name_norm, followed by more words ("Šef odseka za
-- projektovanje" = the post "Шеф одсека" of the section "за пројектовање"), with their unit.
MATCH (p:Post)
WHERE p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen }) AND $name_norm STARTS WITH (p.name_norm + ' ')
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount, u.name_norm AS unit_norm
ORDER BY p.org, p.seq
LIMIT 500
