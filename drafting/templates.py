"""Where the directive templates live, and how `--templates DIR` overrides them.

Templates are files staff can restyle (Word templates for docxtpl, jinja2 text
templates). They ship inside the wheel as `drafting/templates/directive/`; in a
source checkout they are read from `templates/directive/` at the project root.
"""
from __future__ import annotations

from pathlib import Path

from .errors import InputError

_PACKAGE = Path(__file__).resolve().parent


def default_templates_dir() -> Path:
    for candidate in (_PACKAGE / "templates" / "directive", _PACKAGE.parent / "templates" / "directive"):
        if candidate.is_dir():
            return candidate
    raise RuntimeError("the directive templates are not installed with the package")


def template_path(name: str, templates_dir: str | Path | None = None) -> Path:
    """The path of template `name`, from `templates_dir` when given, else the built-in set."""
    folder = Path(templates_dir) if templates_dir is not None else default_templates_dir()
    path = folder / name
    if not path.is_file():
        raise InputError(f"{folder}: template {name} is missing from the templates folder")
    return path
