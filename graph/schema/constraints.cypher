// Applied idempotently by `orgraph db init` and before every load.
// Community edition supports uniqueness constraints (not existence or key constraints).
CREATE CONSTRAINT organisation_key IF NOT EXISTS FOR (n:Organisation) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT unit_key IF NOT EXISTS FOR (n:Unit) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT post_key IF NOT EXISTS FOR (n:Post) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT title_key IF NOT EXISTS FOR (n:Title) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT activity_key IF NOT EXISTS FOR (n:Activity) REQUIRE n.key IS UNIQUE;
// Replacing an organisation deletes its nodes by `org`.
CREATE INDEX unit_org IF NOT EXISTS FOR (n:Unit) ON (n.org);
CREATE INDEX post_org IF NOT EXISTS FOR (n:Post) ON (n.org);
CREATE INDEX declared_org IF NOT EXISTS FOR (n:Declared) ON (n.org);
CREATE INDEX warning_org IF NOT EXISTS FOR (n:Warning) ON (n.org);
CREATE INDEX unresolved_org IF NOT EXISTS FOR (n:Unresolved) ON (n.org);
CREATE INDEX activity_org IF NOT EXISTS FOR (n:Activity) ON (n.org);
// Leftovers of a staged load that died are found by organisation (graph/store/staging.py).
CREATE INDEX staged_org IF NOT EXISTS FOR (n:Staged) ON (n.org);
// Script-insensitive name lookup (see graph/text/names.py).
CREATE INDEX post_name_norm IF NOT EXISTS FOR (n:Post) ON (n.name_norm);
CREATE INDEX unit_name_norm IF NOT EXISTS FOR (n:Unit) ON (n.name_norm);
CREATE INDEX organisation_name_norm IF NOT EXISTS FOR (n:Organisation) ON (n.name_norm);
CREATE INDEX post_number IF NOT EXISTS FOR (n:Post) ON (n.number);
CREATE TEXT INDEX post_name_norm_text IF NOT EXISTS FOR (n:Post) ON (n.name_norm);
