"""The database: an SQLite file in the data folder by default, PostgreSQL by URL.

The schema is Alembic's business (`migrations/`); `open_database` brings any
database, from empty or from an older revision, to the head before use.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from drafting.errors import InputError

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_NAME = "drafting.sqlite3"


def database_url(db: str | None, data: str | Path) -> str:
    """The SQLAlchemy URL for `--db` (or the SQLite file in `--data`)."""
    if not db:
        folder = Path(data)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{folder}: cannot create the data folder: {exc.strerror}") from None
        return f"sqlite:///{folder.resolve() / SQLITE_NAME}"
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix):]
    if db.startswith(("postgresql+", "sqlite:")):
        return db
    raise InputError(f"--db {db.split('@')[-1]!r}: expected a postgresql:// or sqlite:// URL")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:
            # WAL: readers never wait for the writer. In WAL mode NORMAL keeps
            # every committed transaction when the process is killed (the WAL
            # is written before COMMIT returns); only a power cut may lose the
            # last ones, which FULL would keep at an fsync per commit.
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to `revision` (Alembic, from whatever it is now)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def open_database(db: str | None, data: str | Path) -> sessionmaker[Session]:
    """A session factory on the migrated database."""
    engine = make_engine(database_url(db, data))
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)
