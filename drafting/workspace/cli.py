"""`drafting serve` and `drafting users …`: thin commands over the workspace.

Registered on the `drafting` group by `drafting.cli`; the web stack is
imported inside the commands, so that other commands start as fast as before.
"""
from __future__ import annotations

import socket
import sys
from pathlib import Path

import click

DB_HELP = "Database URL (postgresql://…); default: an SQLite file in --data."
DATA_HELP = "Folder of the workspace's SQLite database and file cache."


def _database(db: str | None, data: Path):
    from .db import open_database

    return open_database(db, data)


@click.command()
@click.option("--db", default=None, envvar="DRAFTING_DB", help=DB_HELP)
@click.option("--data", type=click.Path(path_type=Path), default=Path("drafting-data"), show_default=True,
              help=DATA_HELP)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int, help="Port (0: any free one).")
@click.option("--demo", is_flag=True, help="Also create user demo and a dossier made from the embedded example.")
def serve(db: str | None, data: Path, host: str, port: int, demo: bool) -> None:
    """Run the review workspace until Ctrl-C."""
    import uvicorn

    from .app import create_app

    sessions = _database(db, data)
    if demo:
        from .demo import DEMO_PASSWORD, DEMO_USER, seed_demo

        seed_demo(sessions)
        click.echo(f"demo: user {DEMO_USER}, password {DEMO_PASSWORD}")
    app = create_app(sessions, files=data / "files")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)     # no 40 ms delayed-ACK stalls on keep-alive
    try:
        sock.bind((host, port))
        sock.listen(128)        # connections wait in the backlog from the moment the address is printed
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", proxy_headers=True))
    try:
        click.echo(f"drafting workspace on http://{shown}:{bound}/ (API docs: /api/docs); Ctrl-C stops it")
        sys.stdout.flush()
        server.run(sockets=[sock])
    except KeyboardInterrupt:       # before uvicorn's handler, or re-raised by it after a clean shutdown
        pass
    click.echo("drafting workspace stopped")


@click.group()
def users() -> None:
    """Accounts of the review workspace."""


def _password(confirm: bool = True) -> str:
    """From stdin when it is not a terminal (one line), else prompted twice."""
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=confirm)


def _db_options(command):
    command = click.option("--data", type=click.Path(path_type=Path), default=Path("drafting-data"),
                           show_default=True, help=DATA_HELP)(command)
    return click.option("--db", default=None, envvar="DRAFTING_DB", help=DB_HELP)(command)


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "editor", "reviewer", "viewer"]), required=True)
@_db_options
def users_add(name: str, role: str, db: str | None, data: Path) -> None:
    """Create an account (password from stdin or prompted)."""
    from .auth import add_user

    with _database(db, data)() as session:
        user = add_user(session, name, _password(), role)
        session.commit()
        click.echo(f"added {user.name} ({user.role})")


@users.command("list")
@_db_options
def users_list(db: str | None, data: Path) -> None:
    """List the accounts."""
    from .auth import list_users

    with _database(db, data)() as session:
        for user in list_users(session):
            click.echo(f"{user.name}\t{user.role}{chr(9) + 'disabled' if user.disabled else ''}")


@users.command("passwd")
@click.argument("name")
@_db_options
def users_passwd(name: str, db: str | None, data: Path) -> None:
    """Set an account's password (ends its sessions)."""
    from .auth import set_password

    with _database(db, data)() as session:
        set_password(session, name, _password())
        session.commit()
        click.echo(f"password of {name} changed")


@users.command("disable")
@click.argument("name")
@_db_options
def users_disable(name: str, db: str | None, data: Path) -> None:
    """Disable an account (ends its sessions; its history stays)."""
    from .auth import disable_user

    with _database(db, data)() as session:
        disable_user(session, name)
        session.commit()
        click.echo(f"{name} disabled")
