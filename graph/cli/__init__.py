"""The ``orgraph`` command: a thin shell over the library.

Each theme's commands live in their own module and are added to :data:`app`
by :data:`COMMAND_MODULES`. Exit codes: 0 fine, 1 bad input or findings of
severity error, 2 usage problems, ambiguous names, database unavailable.
"""

from __future__ import annotations

import importlib
import logging
import sys

import click
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired
from graph.errors import OrgraphError
from graph.cli.common import err_console, error_line

COMMAND_MODULES = [
    "graph.cli.db",
    "graph.cli.export",
    "graph.cli.load",
    "graph.cli.queries",
    "graph.cli.check",
    "graph.cli.chart",
    "graph.cli.uk",
    "graph.cli.diff",
    "graph.cli.versions",
    "graph.cli.people",
    "graph.cli.table",
    "graph.cli.hierarchy",
    "graph.cli.municipal",
    "graph.cli.bench",
    "graph.cli.serve",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="orgraph")
def app() -> None:
    """orgraph: documents that define public bodies, as a Neo4j graph."""


for _mod in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_mod)
    except ModuleNotFoundError as _exc:
        if _exc.name != _mod:  # a real missing dependency, not a module not yet written
            raise
        continue
    for _cmd in _module.COMMANDS:
        app.add_command(_cmd)

from graph.cli.versions import add_as_of  # noqa: E402  (after every command is registered)

add_as_of(app)


def _show_library_notes() -> None:
    """The library reports slow work (starting the server, resolving Neo4j) as ``orgraph`` log
    records; the command shows them on stderr, once."""
    log = logging.getLogger("orgraph")
    if not any(getattr(h, "_orgraph", False) for h in log.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler._orgraph = True
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


def main(argv: list[str] | None = None) -> int:
    _show_library_notes()
    try:
        from graph.settings import current

        current()  # a bad setting is one sentence (exit 2), before any command starts
        # Without standalone mode click returns a command's ctx.exit(code) instead of exiting.
        rv = app.main(args=argv, prog_name="orgraph", standalone_mode=False)
    except OrgraphError as exc:
        # Names may hold [brackets]: the message is plain Text, never markup.
        err_console.print(error_line(str(exc)))
        return exc.exit_code
    except (ServiceUnavailable, SessionExpired) as exc:
        err_console.print(error_line(f"lost the connection to Neo4j ({str(exc)[:200]}); "
                                     "check the server with: orgraph db status"))
        return 2
    except Neo4jError as exc:
        hint = ""
        if "MemoryPoolOutOfMemoryError" in (exc.code or ""):
            hint = (" The transaction did not fit in the server's memory: load big bodies staged (set "
                    "ORGRAPH_STAGED_ABOVE below their number of posts: a staged load, a reload included, "
                    "writes batches of 10,000 rows and switches in a transaction of a few nodes) "
                    "or give the server a larger heap "
                    "(ORGRAPH_HEAP for the managed server, then orgraph db stop && orgraph db start).")
        err_console.print(error_line(f"Neo4j refused the request: {exc.message or str(exc)}{hint}"))
        return 2
    except click.exceptions.Abort:
        err_console.print("aborted")
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except BrokenPipeError:
        return 0
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
