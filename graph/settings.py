"""orgraph's configuration: one typed object read from the environment.

Every knob orgraph reads from the environment is a field here, with its
default and its check; nothing else in the package reads ``os.environ`` for
configuration. A bad value is one sentence naming the variable (exit 2).

>>> s = current({"ORGRAPH_BOLT_PORT": "7690", "NEO4J_PASSWORD": "x"})
>>> s.bolt_port, s.staged_above, s.managed
(7690, 200000, True)
>>> s.neo4j_password
SecretStr('**********')
>>> current({"ORGRAPH_BOLT_PORT": "seventy"})
Traceback (most recent call last):
...
graph.errors.UsageError: ORGRAPH_BOLT_PORT: Input should be a valid integer, unable to parse string as an integer
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import UsageError

_SIZE = r"^\d+[kmgKMG]?$"


class Settings(BaseSettings):
    """What the environment says; see the README's Configuration table."""

    model_config = SettingsConfigDict(extra="ignore", frozen=True, populate_by_name=False)

    # Another Neo4j server (a single instance, a cluster, Aura); unset: the managed local server.
    neo4j_uri: str | None = Field(None, validation_alias="NEO4J_URI")
    neo4j_user: str = Field("neo4j", validation_alias="NEO4J_USER")
    neo4j_password: SecretStr | None = Field(None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str = Field("neo4j", validation_alias="NEO4J_DATABASE")
    # The managed server.
    home: Path = Field(Path(".orgraph"), validation_alias="ORGRAPH_HOME")
    bolt_port: int = Field(7687, ge=1, le=65535, validation_alias="ORGRAPH_BOLT_PORT")
    heap: str = Field("6g", pattern=_SIZE, validation_alias="ORGRAPH_HEAP")
    pagecache: str = Field("2g", pattern=_SIZE, validation_alias="ORGRAPH_PAGECACHE")
    java: str | None = Field(None, validation_alias="ORGRAPH_JAVA")
    java_home: Path | None = Field(None, validation_alias="JAVA_HOME")
    java_opts: str = Field("", validation_alias="ORGRAPH_JAVA_OPTS")
    neo4j_settings: str = Field("", validation_alias="ORGRAPH_NEO4J_SETTINGS")
    # Loads: organisations with more posts than this are written staged.
    staged_above: int = Field(200_000, ge=1, validation_alias="ORGRAPH_STAGED_ABOVE")
    # Where the documents beside a checkout live (tests, `make seed`, the benchmark's UK step).
    shared: Path | None = Field(None, validation_alias="ORGRAPH_SHARED")

    @property
    def managed(self) -> bool:
        return not self.neo4j_uri

    def __repr_args__(self):  # never show the password, even masked
        return [(k, v) for k, v in super().__repr_args__() if k != "neo4j_password"]


def current(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in force now (read afresh: tests and commands change the environment)."""
    try:
        if environ is None:
            return Settings()  # pydantic-settings reads the process environment
        names = {f.validation_alias for f in Settings.model_fields.values()}
        return Settings.model_validate({k: v for k, v in environ.items() if k in names})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise UsageError(f"{first['loc'][0]}: {first['msg']}") from None
