"""What the workspace tests do as a client: sign in, create a dossier, import files."""
from __future__ import annotations

from pathlib import Path

PASSWORD = "correct horse battery"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def login(client, name: str, password: str = PASSWORD) -> dict:
    """Sign `client` in; its later requests carry the CSRF token."""
    answer = client.post("/api/login", json={"name": name, "password": password})
    assert answer.status_code == 200, answer.text
    client.headers["X-CSRF-Token"] = answer.json()["csrf"]
    return answer.json()


def create_dossier(client, draft: Path, name: str | None = None):
    return client.post("/api/dossiers", files={"file": (name or draft.name, draft.read_bytes(), DOCX)})


def import_files(client, dossier_id: int, *paths: Path):
    return client.post(f"/api/dossiers/{dossier_id}/imports",
                       files=[("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths])
