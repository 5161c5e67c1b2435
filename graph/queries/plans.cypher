-- Action plans: who is responsible for and who approves which activity, and by when.

-- name: responsible
-- The activities a role or body is responsible for, with who approves each
-- and who shares the responsibility.
MATCH (a:Post|Unit {key: $actor})-[:RESPONSIBLE_FOR]->(act:Activity)
WHERE a.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
RETURN act.key AS key, act.org AS org, coalesce(act.number, split(act.key, '/activity/')[1]) AS number, act.text AS text, act.deadline AS deadline,
       act.budget_source AS budget_source,
       [(o)-[:RESPONSIBLE_FOR]->(act) WHERE o <> a | o.name] AS with_others,
       [(o)-[:APPROVES]->(act) | o.name] AS approvers,
       act.line AS line
ORDER BY act.org, act.seq;

-- name: approves
-- The activities a role or body approves, with who is responsible for each.
MATCH (a:Post|Unit {key: $actor})-[:APPROVES]->(act:Activity)
WHERE a.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
RETURN act.key AS key, act.org AS org, coalesce(act.number, split(act.key, '/activity/')[1]) AS number, act.text AS text, act.deadline AS deadline,
       [(o)-[:RESPONSIBLE_FOR]->(act) | o.name] AS responsible,
       [(o)-[:APPROVES]->(act) WHERE o <> a | o.name] AS with_others,
       act.line AS line
ORDER BY act.org, act.seq;

-- name: unassigned
-- Activities without a responsible actor or without an approver (optionally
-- of one organisation), saying which is missing.
MATCH (act:Activity)
WHERE act.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen })
WITH act,
     [(o)-[:RESPONSIBLE_FOR]->(act) | o.name] AS responsible,
     [(o)-[:APPROVES]->(act) | o.name] AS approvers
WHERE size(responsible) = 0 OR size(approvers) = 0
RETURN act.key AS key, act.org AS org, coalesce(act.number, split(act.key, '/activity/')[1]) AS number, act.text AS text,
       responsible, approvers,
       [m IN [CASE WHEN size(responsible) = 0 THEN 'responsible' END,
              CASE WHEN size(approvers) = 0 THEN 'approver' END] WHERE m IS NOT NULL] AS missing,
       act.line AS line
ORDER BY act.org, act.seq;

-- name: deadlines
-- Deadlines by role: for each role or body, the activities it is responsible
-- for or approves and their deadlines (optionally one organisation, one actor).
MATCH (a:Post|Unit)-[r:RESPONSIBLE_FOR|APPROVES]->(act:Activity)
WHERE act.gen IN coalesce($gens, COLLECT { MATCH (live:Organisation) WHERE $org IS NULL OR live.key = $org RETURN live.gen }) AND ($actor IS NULL OR a.key = $actor)
RETURN a.key AS actor_key, a.name AS actor, CASE type(r) WHEN 'RESPONSIBLE_FOR' THEN 'responsible'
       ELSE 'approves' END AS role, act.key AS key, act.org AS org, coalesce(act.number, split(act.key, '/activity/')[1]) AS number,
       act.text AS text, act.deadline AS deadline
ORDER BY actor, act.org, act.seq, role;
