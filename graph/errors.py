"""Errors a user sees: one sentence each, and the exit code a script can trust."""

from __future__ import annotations


class OrgraphError(Exception):
    """Base: ``str(err)`` is the whole message; ``exit_code`` what the CLI returns."""

    exit_code = 1


class InputError(OrgraphError):
    """Bad input: names the file and the line (or key). Exit 1, nothing written."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None):
        self.file, self.line, self.key, self.reason = file, line, key, message
        where = file or ""
        if line is not None:
            where += f":{line}"
        if key:
            where += f" ({key})" if where else key
        super().__init__(f"{where}: {message}" if where else message)


class NotFound(OrgraphError):
    """A post, unit or organisation the user named does not exist."""

    exit_code = 1


class Ambiguous(OrgraphError):
    """A name matches several things; the message lists the candidates."""

    exit_code = 2

    def __init__(self, message: str, candidates: list[dict] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


class UsageError(OrgraphError):
    """Wrong usage: a bad option or setting (exit 2, as click's own usage errors)."""

    exit_code = 2


class DatabaseUnavailable(OrgraphError):
    """Neo4j unreachable, wrong password, or the managed server would not start."""

    exit_code = 2


class ReadOnlyViolation(OrgraphError):
    """An ad hoc query that would write."""

    exit_code = 1


class LoaderBug(OrgraphError):
    """A loader built a model that breaks the model's own integrity rules: orgraph's fault, not the
    document's. Deliberately not an :class:`InputError`, so robustness tests fail on it."""

    exit_code = 3

    def __init__(self, message: str, file: str | None = None):
        super().__init__(f"internal error (please report it with the document): {message}"
                         + (f" [{file}]" if file else ""))


class Interrupted(OrgraphError):
    """The user pressed Ctrl-C; what was running was cancelled. Exit 130, as a shell expects."""

    exit_code = 130
