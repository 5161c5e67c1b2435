// Applied idempotently by `orgraph db init` and before every load.
// Community edition supports uniqueness constraints (not existence or key constraints).
// Every load writes a new generation `gen` of an organisation (graph/store/generations.py): keys
// are unique within a generation. `Organisation` marks the live generation's organisation node.
CREATE CONSTRAINT organisation_key IF NOT EXISTS FOR (n:Organisation) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT org_version_gen IF NOT EXISTS FOR (n:OrgVersion) REQUIRE n.gen IS UNIQUE;
CREATE CONSTRAINT unit_gen_key IF NOT EXISTS FOR (n:Unit) REQUIRE (n.gen, n.key) IS UNIQUE;
CREATE CONSTRAINT post_gen_key IF NOT EXISTS FOR (n:Post) REQUIRE (n.gen, n.key) IS UNIQUE;
CREATE CONSTRAINT activity_gen_key IF NOT EXISTS FOR (n:Activity) REQUIRE (n.gen, n.key) IS UNIQUE;
CREATE CONSTRAINT title_key IF NOT EXISTS FOR (n:Title) REQUIRE n.key IS UNIQUE;
// One load lease per organisation (graph/store/lease.py).
CREATE CONSTRAINT org_lock IF NOT EXISTS FOR (n:OrgLock) REQUIRE n.org IS UNIQUE;
// Every read is pinned to generations; purging deletes by generation.
CREATE INDEX org_version_key IF NOT EXISTS FOR (n:OrgVersion) ON (n.key);
CREATE INDEX unit_gen IF NOT EXISTS FOR (n:Unit) ON (n.gen);
CREATE INDEX post_gen IF NOT EXISTS FOR (n:Post) ON (n.gen);
CREATE INDEX declared_gen IF NOT EXISTS FOR (n:Declared) ON (n.gen);
CREATE INDEX warning_gen IF NOT EXISTS FOR (n:Warning) ON (n.gen);
CREATE INDEX unresolved_gen IF NOT EXISTS FOR (n:Unresolved) ON (n.gen);
CREATE INDEX activity_gen IF NOT EXISTS FOR (n:Activity) ON (n.gen);
CREATE INDEX holder_gen IF NOT EXISTS FOR (n:Holder) ON (n.gen);
// Script-insensitive name lookup (see graph/text/names.py).
CREATE INDEX post_name_norm IF NOT EXISTS FOR (n:Post) ON (n.name_norm);
CREATE INDEX unit_name_norm IF NOT EXISTS FOR (n:Unit) ON (n.name_norm);
CREATE INDEX organisation_name_norm IF NOT EXISTS FOR (n:Organisation) ON (n.name_norm);
// Organisations part of or reporting to another, found when it is (re)loaded (graph/store/orgrelations.py).
CREATE INDEX organisation_part_of IF NOT EXISTS FOR (n:Organisation) ON (n.part_of);
CREATE INDEX organisation_reports_to IF NOT EXISTS FOR (n:Organisation) ON (n.reports_to);
CREATE INDEX post_number IF NOT EXISTS FOR (n:Post) ON (n.number);
CREATE TEXT INDEX post_name_norm_text IF NOT EXISTS FOR (n:Post) ON (n.name_norm);
// Before generations: keys were unique database-wide and nodes found by `org`.
DROP CONSTRAINT unit_key IF EXISTS;
DROP CONSTRAINT post_key IF EXISTS;
DROP CONSTRAINT activity_key IF EXISTS;
DROP INDEX unit_org IF EXISTS;
DROP INDEX post_org IF EXISTS;
DROP INDEX declared_org IF EXISTS;
DROP INDEX warning_org IF EXISTS;
DROP INDEX unresolved_org IF EXISTS;
DROP INDEX activity_org IF EXISTS;
DROP INDEX staged_org IF EXISTS;
