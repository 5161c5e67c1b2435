-- Subordinates, one level at a time (the caller walks breadth-first, so each post is
-- listed once at its smallest depth and --depth stops the walk rather than filtering it).

-- name: direct_reports
-- The posts reporting on a line edge to any of $keys, with the superior they report to.
UNWIND $keys AS k
MATCH (sup:Post {key: k})<-[r:REPORTS_TO {kind: 'line'}]-(s:Post)
WHERE sup.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
OPTIONAL MATCH (s)-[:IN]->(u:Unit)
OPTIONAL MATCH (s)-[:HAS_TITLE]->(t:Title)
RETURN k AS superior, r.basis AS basis,
       s.key AS key, s.number AS number, s.name AS name, s.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, s.title) AS title, t.name AS title_name, s.headcount AS headcount
ORDER BY s.seq
