-- Substitution: who acts for a post, and whom a post acts for.

-- name: substitutes
-- The stated substitutes of a post in order: posts, or Unresolved text the document gave.
MATCH (x)-[r:SUBSTITUTES]->(:Post {key: $key})
OPTIONAL MATCH (x)-[:IN]->(u:Unit)
OPTIONAL MATCH (x)-[:HAS_TITLE]->(t:Title)
RETURN r.order AS order, r.basis AS basis, x:Unresolved AS unresolved, x.text AS text,
       CASE WHEN x:Post THEN x.key END AS key, x.number AS number, x.name AS name, x.org AS org,
       u.key AS unit, u.name AS unit_name, coalesce(t.key, x.title) AS title, t.name AS title_name,
       x.headcount AS headcount
ORDER BY r.order, r.seq

-- name: stands_in_for
-- The posts this post is a stated substitute for, with its place in each order.
MATCH (:Post {key: $key})-[r:SUBSTITUTES]->(p:Post)
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN r.order AS order, r.basis AS basis,
       p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount
ORDER BY p.seq, r.order

-- name: fallback_for
-- The line subordinates of this post that name no substitute at all: by the fallback
-- rule (the line superior acts) this post stands in for them.
MATCH (p:Post)-[:REPORTS_TO {kind: 'line'}]->(:Post {key: $key})
WHERE NOT EXISTS { ()-[:SUBSTITUTES]->(p) }
OPTIONAL MATCH (p)-[:IN]->(u:Unit)
OPTIONAL MATCH (p)-[:HAS_TITLE]->(t:Title)
RETURN p.key AS key, p.number AS number, p.name AS name, p.org AS org, u.key AS unit, u.name AS unit_name,
       coalesce(t.key, p.title) AS title, t.name AS title_name, p.headcount AS headcount
ORDER BY p.seq
