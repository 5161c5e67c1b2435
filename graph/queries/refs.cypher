-- The alias rung of the reference ladder (graph/queries/refs.py): items whose document gives
-- other names for them. Aliases travel inside the attributes JSON; Python folds and compares them.

-- name: posts_with_aliases
-- Posts with aliases, within the live generations $gens, as cards plus their attributes.
MATCH (p:Post)
WHERE p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen }) AND p.attributes CONTAINS '"aliases"'
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount, p.attributes AS attributes
ORDER BY p.org, p.seq

-- name: units_with_aliases
-- Units with aliases, within the live generations $gens, as cards plus their attributes.
MATCH (u:Unit)
WHERE u.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen }) AND u.attributes CONTAINS '"aliases"'
OPTIONAL MATCH (u)-[:PART_OF]->(parent)
RETURN u.key AS key, u.number AS number, u.name AS name, u.kind AS kind, u.org AS org, parent.key AS parent,
       u.attributes AS attributes
ORDER BY u.org, u.seq

-- name: posts_by_identifier
-- Posts with the external identifier $ident ('scheme:code', as the writer stores them), within $gens.
MATCH (p:Post)
WHERE p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen }) AND $ident IN p.identifiers
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount
ORDER BY p.org, p.seq
LIMIT $limit

-- name: units_by_identifier
-- Units with the external identifier $ident ('scheme:code'), within $gens.
MATCH (u:Unit)
WHERE u.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen }) AND $ident IN u.identifiers
OPTIONAL MATCH (u)-[:PART_OF]->(parent)
RETURN u.key AS key, u.number AS number, u.name AS name, u.kind AS kind, u.org AS org, parent.key AS parent
ORDER BY u.org, u.seq
LIMIT $limit
