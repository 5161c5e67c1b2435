-- Unit roll-ups: posts and civil servants (headcount) per unit and title.

-- name: units_of_org
-- The units of an organisation with their parent unit (null: directly in the organisation).
MATCH (u:Unit {gen: $gen})
OPTIONAL MATCH (u)-[:PART_OF]->(parent:Unit)
OPTIONAL MATCH (h:Post)-[:HEADS]->(u)
WITH u, parent, collect(h.key) AS heads
RETURN u.key AS key, u.number AS number, u.name AS name, u.kind AS kind, parent.key AS parent, heads
ORDER BY u.seq

-- name: post_counts
-- Posts and headcount of an organisation grouped by unit (null: directly in it) and title.
MATCH (p:Post {gen: $gen})
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN u.key AS unit, coalesce(t.key, p.title) AS title, t.name AS title_name, t.rank AS rank, t.kind AS title_kind,
       count(p) AS posts, sum(coalesce(p.headcount, 0)) AS civil_servants
ORDER BY unit, rank, title

-- name: declared_counts
-- The figures an organisation's documents declare about posts and civil servants.
MATCH (d:Declared {gen: $gen})
WHERE d.measure IN ['posts', 'civil_servants']
RETURN d.subject AS subject, d.measure AS measure, d.title AS title, d.about AS about, d.value AS value,
       d.label AS label, d.doc AS doc, d.line AS line
ORDER BY d.seq
