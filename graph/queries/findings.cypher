-- Findings of the checks written back onto the graph (`orgraph check ORG --store`), so a
-- chart or a Cypher query can show them: each post, unit or activity concerned gets
-- `findings` (list of "severity rule: message"), `finding_rules`, `finding_severity`
-- (the worst) and a label per severity present (:HasError, :HasWarning, :HasInfo); the
-- organisation gets the findings that name no post or unit. Old findings are cleared first.
-- Findings belong to the generation of the organisation they judged ($gen).

-- name: clear_findings
-- Remove the stored findings of one generation of an organisation.
MATCH (n:HasError|HasWarning|HasInfo)
WHERE n.gen = $gen
REMOVE n:HasError:HasWarning:HasInfo, n.findings, n.finding_rules, n.finding_severity

-- name: set_post_findings
-- Findings per post: rows of {key, findings, rules, severity, error, warning, info}.
UNWIND $rows AS row
MATCH (n:Post {gen: $gen, key: row.key})
SET n.findings = row.findings, n.finding_rules = row.rules, n.finding_severity = row.severity
FOREACH (_ IN CASE WHEN row.error THEN [1] ELSE [] END | SET n:HasError)
FOREACH (_ IN CASE WHEN row.warning THEN [1] ELSE [] END | SET n:HasWarning)
FOREACH (_ IN CASE WHEN row.info THEN [1] ELSE [] END | SET n:HasInfo)
RETURN count(n) AS stored

-- name: set_unit_findings
-- Findings per unit, rows as for posts.
UNWIND $rows AS row
MATCH (n:Unit {gen: $gen, key: row.key})
SET n.findings = row.findings, n.finding_rules = row.rules, n.finding_severity = row.severity
FOREACH (_ IN CASE WHEN row.error THEN [1] ELSE [] END | SET n:HasError)
FOREACH (_ IN CASE WHEN row.warning THEN [1] ELSE [] END | SET n:HasWarning)
FOREACH (_ IN CASE WHEN row.info THEN [1] ELSE [] END | SET n:HasInfo)
RETURN count(n) AS stored

-- name: set_activity_findings
-- Findings per plan activity, rows as for posts.
UNWIND $rows AS row
MATCH (n:Activity {gen: $gen, key: row.key})
SET n.findings = row.findings, n.finding_rules = row.rules, n.finding_severity = row.severity
FOREACH (_ IN CASE WHEN row.error THEN [1] ELSE [] END | SET n:HasError)
FOREACH (_ IN CASE WHEN row.warning THEN [1] ELSE [] END | SET n:HasWarning)
FOREACH (_ IN CASE WHEN row.info THEN [1] ELSE [] END | SET n:HasInfo)
RETURN count(n) AS stored

-- name: set_org_findings
-- Findings that name no post or unit, on the organisation node.
MATCH (o:OrgVersion {gen: $gen})
SET o.findings = $findings, o.finding_rules = $rules, o.finding_severity = $severity
FOREACH (_ IN CASE WHEN $error THEN [1] ELSE [] END | SET o:HasError)
FOREACH (_ IN CASE WHEN $warning THEN [1] ELSE [] END | SET o:HasWarning)
FOREACH (_ IN CASE WHEN $info THEN [1] ELSE [] END | SET o:HasInfo)
RETURN count(o) AS stored

-- name: stored_findings
-- What is stored for one organisation: each node with findings, worst first.
MATCH (n:HasError|HasWarning|HasInfo)
WHERE n.gen = $gen AND n.findings IS NOT NULL
RETURN n.key AS key, labels(n) AS labels, n.finding_severity AS severity, n.finding_rules AS rules,
       n.findings AS findings
ORDER BY CASE n.finding_severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, n.key
