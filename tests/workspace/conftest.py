"""Fixtures of the workspace tests: one database per test, on SQLite and on a
real PostgreSQL server (`DRAFTING_TEST_POSTGRES_URL`, which `.ci/run` sets;
under CI=true its absence is a failure)."""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from drafting.workspace.auth import add_user
from support.workspace import PASSWORD
from drafting.workspace.db import database_url, make_engine

POSTGRES_ENV = "DRAFTING_TEST_POSTGRES_URL"


def postgres_server() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI=true: set {POSTGRES_ENV}")
        pytest.skip(f"no PostgreSQL server ({POSTGRES_ENV} is not set)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database's URL (a new PostgreSQL database per test)."""
    if request.param == "sqlite":
        yield database_url(None, tmp_path / "data")
        return
    from sqlalchemy import text

    server = database_url(postgres_server(), tmp_path)
    name = f"drafting_t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def sessions(db_url, tmp_path):
    from drafting.workspace.db import open_database

    factory = open_database(db_url, tmp_path / "data")
    factory.configure(info={"files": str(tmp_path / "files")})
    yield factory
    factory.kw["bind"].dispose()


@pytest.fixture
def make_user(sessions):
    def make(name: str, role: str = "editor"):
        with sessions() as session:
            user = add_user(session, name, PASSWORD, role)
            session.commit()
            return user
    return make


@pytest.fixture
def app(sessions, tmp_path):
    from drafting.workspace.app import create_app

    return create_app(sessions, tmp_path / "files")


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture
def other_client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        yield c


@pytest.fixture(scope="session")
def example_draft(tmp_path_factory) -> Path:
    """The embedded example's draft, rendered from its source as `drafting demo` does."""
    from drafting.render import render
    from drafting.templates import example_dir

    return render(example_dir() / "source.yaml", tmp_path_factory.mktemp("example") / "du-thao-chi-thi.docx")


@pytest.fixture(scope="session")
def example_feedback() -> Path:
    from drafting.templates import example_dir

    return example_dir() / "feedback.yaml"


