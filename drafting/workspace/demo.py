"""The embedded example as a workspace: user `demo` and a dossier made from
`examples/` (the draft rendered from its source, the meeting's comments imported).

It goes through the same service functions as the API, so the demo shows
what a clerk would get by uploading the same files.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from .auth import add_user
from .dossiers import create_dossier, list_dossiers
from .feedback import import_files
from .models import User

DEMO_USER = "demo"
DEMO_PASSWORD = "drafting-demo"
DRAFT_NAME = "du-thao-chi-thi.docx"


def seed_demo(sessions: sessionmaker[Session]) -> int:
    """Make user demo (password `DEMO_PASSWORD`) and the example dossier, once; its id."""
    from drafting.render import render
    from drafting.templates import example_dir

    with sessions() as session:
        user = session.scalar(select(User).where(User.name == DEMO_USER))
        if user is None:
            user = add_user(session, DEMO_USER, DEMO_PASSWORD, "editor")
        mine = list_dossiers(session, user)
        if mine:
            session.commit()
            return mine[0][0].id
        example = example_dir()
        with tempfile.TemporaryDirectory(prefix="drafting-demo-") as folder:
            draft = render(example / "source.yaml", Path(folder) / DRAFT_NAME).read_bytes()
        dossier = create_dossier(session, user, DRAFT_NAME, draft)
        feedback_file = example / "feedback.yaml"
        import_files(session, user, dossier.id, [(feedback_file.name, feedback_file.read_bytes())])
        session.commit()
        return dossier.id
