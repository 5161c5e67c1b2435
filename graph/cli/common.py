"""Output helpers shared by the commands: JSON or a rich table, one way for all."""

from __future__ import annotations

import json
import sys
from typing import Any, Iterable

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

# Piped output is not cut at 80 columns: tables stay whole for grep and files.
# Markup and emoji codes are off: what is printed is mostly data (names, keys, file names, find
# text), and a name holding "[/]" must not crash a command nor "[link=...]" become a live link.
# A line that wants style says markup=True and passes every piece of data through escape().
console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200,
                  markup=False, emoji=False)
err_console = Console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


def styled(*parts: str | tuple[str, str]) -> Text:
    """A line from plain strings and (string, style) pairs; nothing in it is read as markup.

    >>> styled(("error:", "bold red"), " no post [/] here").plain
    'error: no post [/] here'
    """
    return Text.assemble(*parts)


def error_line(message: str) -> Text:
    return styled(("error:", "bold red"), " ", message)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_table(rows: Iterable[dict], columns: list[str] | None = None, title: str | None = None) -> None:
    """Rows of dicts as a table. Cells and the title are plain Text, never markup, so names
    with [brackets] print as written (the title often holds a name or the text searched for)."""
    rows = list(rows)
    if columns is None:
        columns = list(rows[0].keys()) if rows else []
    table = Table(title=Text(title) if title is not None else None, show_lines=False)
    for col in columns:
        table.add_column(Text(str(col)))
    for row in rows:
        table.add_row(*(Text(_cell(row.get(c))) for c in columns))
    console.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def emit(data: Any, as_json: bool, rows: Iterable[dict] | None = None, columns: list[str] | None = None,
         title: str | None = None) -> None:
    """Print ``data`` as JSON with --json, else ``rows`` (default: ``data``) as a table."""
    if as_json:
        print_json(data)
    else:
        print_table(rows if rows is not None else data, columns, title)
