"""The review workspace (DESIGN.md §9): `drafting serve`.

Storage (`models`, `db`, Alembic `migrations`), the services the API and the
pages share (`dossiers`, `feedback`, `preview`, `exports`), access (`auth`) and
the ASGI application (`app`, `api`). Nothing here holds document logic: every
service calls the same library functions as the CLI.
"""
