"""Where the shipped files live: the directive templates (which `--templates DIR`
overrides) and the embedded example that `drafting demo` runs.

Templates are files staff can restyle (Word templates for docxtpl, jinja2 text
templates). They ship inside the wheel as `drafting/templates/directive/` and
`drafting/examples/…`; in a source checkout they are read from `templates/` and
`examples/` at the project root.
"""
from __future__ import annotations

from pathlib import Path

from .errors import InputError

_PACKAGE = Path(__file__).resolve().parent


def _shipped(*parts: str) -> Path:
    for candidate in (_PACKAGE.joinpath(*parts), _PACKAGE.parent.joinpath(*parts)):
        if candidate.is_dir():
            return candidate
    raise RuntimeError(f"{'/'.join(parts)} is not installed with the package")


def default_templates_dir() -> Path:
    return _shipped("templates", "directive")


def example_dir(name: str = "thi-dua-khen-thuong") -> Path:
    return _shipped("examples", name)


def template_path(name: str, templates_dir: str | Path | None = None) -> Path:
    """The path of template `name`, from `templates_dir` when given, else the built-in set."""
    folder = Path(templates_dir) if templates_dir is not None else default_templates_dir()
    path = folder / name
    if not path.is_file():
        raise InputError(f"{folder}: template {name} is missing from the templates folder")
    return path
