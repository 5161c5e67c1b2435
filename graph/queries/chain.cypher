-- Reporting chains: upward along REPORTS_TO, anchored on the post's key (unique index)
-- and bounded at 50 steps, so a cycle or a very deep organisation cannot run away.

-- name: line_chain
-- The post (depth 0) and its line superiors up to the root. `root` is true for a post
-- with no line superior; if the last row is not a root the chain is cyclic or deeper than 50.
-- A post with several line superiors (joint ones) is followed up through the first stated.
MATCH (me:Post {key: $key}) WHERE me.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
MATCH path = (me)-[:REPORTS_TO*0..50 {kind: 'line'}]->(:Post)
// Longest first; between equally long ones (joint superiors), the lines stated first.
WITH path ORDER BY length(path) DESC, [r IN relationships(path) | r.seq] LIMIT 1
WITH path, relationships(path) AS rels
UNWIND range(0, length(path)) AS depth
WITH depth, nodes(path)[depth] AS n, CASE WHEN depth = 0 THEN null ELSE rels[depth - 1] END AS r,
     CASE WHEN depth = 0 THEN null ELSE nodes(path)[depth - 1] END AS below
OPTIONAL MATCH (n)-[:IN]->(u:Unit)
OPTIONAL MATCH (n)-[:HAS_TITLE]->(t:Title)
RETURN depth, n.key AS key, n.number AS number, n.name AS name, n.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, n.title) AS title, t.name AS title_name, n.headcount AS headcount,
       r.kind AS kind, r.basis AS basis,
       NOT EXISTS { (n)-[:REPORTS_TO {kind: 'line'}]->(:Post) } AS root,
       // Reached over a joint line: the post below's other joint superiors, in the same round trip.
       CASE WHEN r.joint = true THEN COLLECT {
         MATCH (below)-[j:REPORTS_TO {kind: 'line'}]->(m:Post) WHERE j.joint = true AND m <> n
         WITH m, j ORDER BY j.seq RETURN m {.key, .number, .name} } END AS jointly_with
ORDER BY depth

-- name: all_superior_edges
-- Every REPORTS_TO edge (any kind) leaving the post or any post above it, with the superior's card.
-- DISTINCT on the reachable set lets the planner prune instead of listing every path.
MATCH (me:Post {key: $key}) WHERE me.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
MATCH (me)-[:REPORTS_TO*0..50]->(s:Post)
WITH DISTINCT s
MATCH (s)-[r:REPORTS_TO]->(n:Post)
OPTIONAL MATCH (n)-[:IN]->(u:Unit)
OPTIONAL MATCH (n)-[:HAS_TITLE]->(t:Title)
RETURN s.key AS from, r.kind AS kind, r.basis AS basis, r.seq AS seq,
       n.key AS key, n.number AS number, n.name AS name, n.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, n.title) AS title, t.name AS title_name, n.headcount AS headcount,
       NOT EXISTS { (n)-[:REPORTS_TO]->(:Post) } AS root
