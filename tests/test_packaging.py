"""The set-up files say what the README says: CI runs the README's test command,
docker-compose is the documented Neo4j 5.26 with a password from the environment."""

from __future__ import annotations

import re

import yaml

from tools.seedfiles import REPO


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text()
    assert "make test" in readme
    ci = (REPO / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_makefile_test_runs_pytest():
    make = (REPO / "Makefile").read_text()
    assert re.search(r"^test: setup\n\t\$\(PY\) -m pytest$", make, re.M)


def test_docker_compose_is_neo4j_526_with_password_from_environment():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    neo = compose["services"]["neo4j"]
    assert neo["image"] == "neo4j:5.26-community"
    assert "${NEO4J_PASSWORD:?" in neo["environment"]["NEO4J_AUTH"]  # never the default
    assert all(p.startswith("127.0.0.1:") for p in neo["ports"])
    assert "neo4j-data" in compose["volumes"] and neo["healthcheck"]["test"]


def test_driver_is_the_official_one():
    pyproject = (REPO / "pyproject.toml").read_text()
    assert '"neo4j==' in pyproject and "py2neo" not in pyproject
