"""The schema is Alembic's: made from empty by the program, upgraded from the
previous revision without losing data, and equal to the models."""
from __future__ import annotations

import datetime as dt

import pytest

from sqlalchemy import inspect, text

from drafting.workspace.db import current_revision, make_engine, migrate, open_database
from drafting.workspace.models import Base, CommentRow, Export, Round

HEAD = "0003"


def test_an_empty_database_is_brought_to_the_head_revision(db_url, tmp_path):
    sessions = open_database(db_url, tmp_path)
    engine = sessions.kw["bind"]
    assert current_revision(engine) == HEAD
    assert set(inspect(engine).get_table_names()) >= set(Base.metadata.tables)
    engine.dispose()


def test_the_migrated_schema_is_the_models_schema(db_url, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = open_database(db_url, tmp_path).kw["bind"]
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_opening_twice_changes_nothing(db_url, tmp_path):
    open_database(db_url, tmp_path).kw["bind"].dispose()
    engine = open_database(db_url, tmp_path).kw["bind"]
    assert current_revision(engine) == HEAD
    engine.dispose()


@pytest.mark.parametrize("previous", ["0001", "0002"])
def test_an_upgrade_from_a_previous_revision_keeps_the_data(db_url, tmp_path, previous):
    engine = make_engine(db_url)
    migrate(engine, previous)
    at = dt.datetime(2021, 2, 3)
    with engine.begin() as c:
        c.execute(text("INSERT INTO users (id, name, password_hash, role, disabled, created_at) "
                       "VALUES (1, 'an', 'x', 'editor', false, :at)"), {"at": at})
        c.execute(text("INSERT INTO documents (id, name, sha256, size, content, uploaded_by, created_at) "
                       "VALUES (1, 'd.docx', :h, 3, :b, 1, :at)"), {"h": "0" * 64, "b": b"abc", "at": at})
        c.execute(text("INSERT INTO dossiers (id, title, created_by, created_at) VALUES (1, 'Hồ sơ', 1, :at)"),
                  {"at": at})
        c.execute(text("INSERT INTO rounds (id, dossier_id, number, document_id, created_at) "
                       "VALUES (1, 1, 1, 1, :at)"), {"at": at})
        c.execute(text("INSERT INTO comments (id, round_id, number, position, by, text, decision, edits, "
                       "version, updated_at) VALUES (1, 1, '3', 1, 'Võ Văn Dũng', 'Ý kiến', 'noted', '[]', 4, :at)"),
                  {"at": at})
    engine.dispose()
    sessions = open_database(db_url, tmp_path)
    with sessions() as session:
        comment = session.get(CommentRow, 1)
        assert (comment.by, comment.version, comment.decision) == ("Võ Văn Dũng", 4, "noted")
        assert session.get(Round, 1).redline_version == 0
        session.add(Export(dossier_id=1, round_id=1, user_id=1, decisions={"3": {"version": 4}}, files={}))
        session.commit()
    assert current_revision(sessions.kw["bind"]) == HEAD
    sessions.kw["bind"].dispose()
