"""The managed server's defensive settings: what a read-only console may not reach.

The console (:mod:`graph.queries.adhoc`) refuses anything but plain reads on
the server's own plan; these settings are the second wall, so that a query
which got past it still could not read a file, fetch a URL or call a
procedure that changes state:

- ``LOAD CSV`` may not use ``file:`` URLs, and its import folder is an empty
  directory of our own (never the state directory with the password in it);
- ``LOAD CSV`` may not open a connection to any address (the CIDR block list
  covers every IPv4 and IPv6 address, loopback included);
- of plug-in procedures and functions only those on :data:`PROCEDURES` would
  be loaded, and none runs unrestricted. (The allow-list does not hide Neo4j's
  built-in procedures such as ``db.stats.*`` or ``dbms.listConfig``: checked on
  5.26; the console's plan check refuses those.)

The same lines are what the README asks a user to put into their own server's
``neo4j.conf`` before pointing ``NEO4J_URI`` at it.

>>> from pathlib import Path
>>> print(settings(Path("/srv/org/import")).splitlines()[0])
dbms.security.allow_csv_import_from_file_urls=false
"""

from __future__ import annotations

from pathlib import Path

# Procedures orgraph itself calls (db.awaitIndexes in the writer, dbms.components for
# `db status`), the read-only schema procedures the console allows, and db.ping/db.info.
PROCEDURES = (
    "db.labels", "db.relationshipTypes", "db.propertyKeys",
    "db.schema.visualization", "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
    "db.awaitIndexes", "db.awaitIndex", "db.resampleOutdatedIndexes", "db.ping", "db.info",
    "dbms.components",
)


def settings(import_dir: Path) -> str:
    """neo4j.conf lines (each ending in a newline) that lock the server down."""
    return (
        "dbms.security.allow_csv_import_from_file_urls=false\n"
        f"server.directories.import={import_dir}\n"
        # Internal but declared in 5.26 (strict validation accepts it): LOAD CSV's URL block list.
        "internal.dbms.cypher_ip_blocklist=0.0.0.0/0,::/0\n"
        f"dbms.security.procedures.allowlist={','.join(PROCEDURES)}\n"
        "dbms.security.procedures.unrestricted=\n"
    )
