-- Substitution: who acts for a post, and whom a post acts for.

-- name: substitutes
-- The stated substitutes of a post in order: posts, or Unresolved text the document gave.
MATCH (x)-[r:SUBSTITUTES]->(p:Post {key: $key}) WHERE p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
OPTIONAL MATCH (x)-[:IN]->(u:Unit)
OPTIONAL MATCH (x)-[:HAS_TITLE]->(t:Title)
RETURN r.order AS order, r.basis AS basis, x:Unresolved AS unresolved, x.text AS text,
       CASE WHEN x:Post THEN x.key END AS key, x.number AS number, x.name AS name, x.org AS org,
       u.key AS unit, u.name AS unit_name, coalesce(t.key, x.title) AS title, t.name AS title_name,
       x.headcount AS headcount
ORDER BY r.order, r.seq

-- name: stands_in_for
-- The posts this post is a stated substitute for, with its place in each order.
MATCH (me:Post {key: $key})-[r:SUBSTITUTES]->(p:Post)
WHERE me.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN r.order AS order, r.basis AS basis,
       p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount
ORDER BY p.seq, r.order

-- name: fallback_for
-- The line subordinates of this post that name no substitute at all: by the fallback
-- rule (the line superior acts) this post stands in for them.
MATCH (p:Post)-[:REPORTS_TO {kind: 'line'}]->(me:Post {key: $key})
WHERE me.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen }) AND NOT EXISTS { ()-[:SUBSTITUTES]->(p) }
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount
ORDER BY p.seq

-- name: acting_inputs
-- In one round trip: the post's stated substitutes in order, and its line chain (depth 0
-- is the post itself; bounded at 50) for the fallback rule. Each entry carries its card.
MATCH (p:Post {key: $key})
WHERE p.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
CALL (p) {
  OPTIONAL MATCH (x)-[r:SUBSTITUTES]->(p)
  WITH x, r ORDER BY r.order, r.seq
  RETURN collect(CASE WHEN x IS NOT NULL THEN x {
    order: r.order, basis: r.basis, unresolved: x:Unresolved, .text,
    key: CASE WHEN x:Post THEN x.key END, .number, .name, .org, .headcount,
    unit: [(x)-[:IN]->(u:Unit) | u.key][0], unit_name: [(x)-[:IN]->(u:Unit) | u.name][0],
    title: coalesce([(x)-[:HAS_TITLE]->(t:Title) | t.key][0], x.title),
    title_name: [(x)-[:HAS_TITLE]->(t:Title) | t.name][0]} END) AS subs
}
CALL (p) {
  MATCH path = (p)-[:REPORTS_TO*0..50 {kind: 'line'}]->(:Post)
  WITH path ORDER BY length(path) DESC LIMIT 1
  RETURN [n IN nodes(path) | n {
    .key, .number, .name, .org, .headcount,
    unit: [(n)-[:IN]->(u:Unit) | u.key][0], unit_name: [(n)-[:IN]->(u:Unit) | u.name][0],
    title: coalesce([(n)-[:HAS_TITLE]->(t:Title) | t.key][0], n.title),
    title_name: [(n)-[:HAS_TITLE]->(t:Title) | t.name][0]}] AS line
}
RETURN subs, line
