"""drafting: a meeting's feedback on a draft document → the revised draft with real Word tracked changes."""
from .errors import InputError, Problem
from .model import Comment, Decision, Draft, Edit, EditKind, Feedback, Paragraph, Section

__all__ = ["InputError", "Problem", "Comment", "Decision", "Draft", "Edit", "EditKind",
           "Feedback", "Paragraph", "Section", "read_draft"]


def read_draft(path):
    """Read a .docx draft into the model (see `drafting.reader`)."""
    from .reader import read_draft as _read
    return _read(path)
