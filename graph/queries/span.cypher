-- Span of control in one aggregate pass: per post with line reports, the direct reports
-- (posts and headcount) and its own line superior(s); totals below are then summed
-- bottom-up by the caller, which costs one pass instead of one walk per post.

-- name: managers_all
-- Every post with line reports, in every live organisation.
MATCH (s:Post)-[:REPORTS_TO {kind: 'line'}]->(m:Post)
WHERE m.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
WITH m, count(s) AS direct_posts, sum(coalesce(s.headcount, 0)) AS direct_people
CALL (m) { OPTIONAL MATCH (m)-[:REPORTS_TO {kind: 'line'}]->(sup:Post) RETURN collect(sup.key) AS superiors }
OPTIONAL MATCH (m)-[:IN]->(u:Unit)
OPTIONAL MATCH (m)-[:HAS_TITLE]->(t:Title)
RETURN m.key AS key, m.number AS number, m.name AS name, m.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, m.title) AS title, t.name AS title_name, m.headcount AS headcount, m.seq AS seq,
       direct_posts, direct_people, superiors

-- name: managers_in_org
-- Every post of one organisation with line reports.
MATCH (m:Post {gen: $gen})<-[:REPORTS_TO {kind: 'line'}]-(s:Post)
WITH m, count(s) AS direct_posts, sum(coalesce(s.headcount, 0)) AS direct_people
CALL (m) { OPTIONAL MATCH (m)-[:REPORTS_TO {kind: 'line'}]->(sup:Post) RETURN collect(sup.key) AS superiors }
OPTIONAL MATCH (m)-[:IN]->(u:Unit)
OPTIONAL MATCH (m)-[:HAS_TITLE]->(t:Title)
RETURN m.key AS key, m.number AS number, m.name AS name, m.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, m.title) AS title, t.name AS title_name, m.headcount AS headcount, m.seq AS seq,
       direct_posts, direct_people, superiors

-- name: managers_in_unit
-- Every post placed in a unit or its sub-units (nesting bounded at 30) with line reports.
MATCH (top:Unit {key: $unit}) WHERE top.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
MATCH (top)<-[:PART_OF*0..30]-(u:Unit)<-[:IN]-(m:Post)
WITH DISTINCT m, u
MATCH (m)<-[:REPORTS_TO {kind: 'line'}]-(s:Post)
WITH m, u, count(s) AS direct_posts, sum(coalesce(s.headcount, 0)) AS direct_people
CALL (m) { OPTIONAL MATCH (m)-[:REPORTS_TO {kind: 'line'}]->(sup:Post) RETURN collect(sup.key) AS superiors }
OPTIONAL MATCH (m)-[:HAS_TITLE]->(t:Title)
RETURN m.key AS key, m.number AS number, m.name AS name, m.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, m.title) AS title, t.name AS title_name, m.headcount AS headcount, m.seq AS seq,
       direct_posts, direct_people, superiors
