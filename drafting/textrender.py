"""Markdown and HTML summaries rendered through jinja2 templates.

User text (comment text, draft text) reaches these templates as data only: the
environment's `finalize` escapes every `{{ }}` output — Markdown punctuation
backslash-escaped and newlines as `<br>` so text stays verbatim inside a table
cell; HTML escaped by autoescape — and nothing the user wrote is ever compiled
as a template.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .templates import template_path

_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|$~^])")
_MD_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")
_MD_LEADING_MARK = re.compile(r"^([#+\-=])")


def md_text(value) -> str:
    """Markdown source that renders as `value` verbatim, on one line so that it
    can sit in a table cell."""
    if value is None:
        return ""
    text = _MD_INLINE.sub(r"\\\1", str(value))
    text = _MD_LEADING_NUMBER.sub(r"\1\\\2", text)
    text = _MD_LEADING_MARK.sub(r"\\\1", text)
    return "<br>".join(text.replace("\r\n", "\n").split("\n"))


def html_text(value):
    """HTML-escaped text with newlines as `<br>`."""
    from markupsafe import Markup, escape
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return Markup("<br>\n").join(escape(str(value).replace("\r\n", "\n")).split("\n"))


def render_text(name: str, context: dict, fmt: str, templates_dir: str | Path | None = None) -> str:
    """Render template `name` ("md" or "html" flavour) with every output escaped."""
    return text_template(name, fmt, templates_dir).render(context)


def text_template(name: str, fmt: str, templates_dir: str | Path | None = None):
    """Template `name`, compiled once per process (jinja2 environments are
    safe to share between threads once built)."""
    path = template_path(name, templates_dir)
    return _environment(path.parent, fmt).get_template(path.name)


@lru_cache(maxsize=None)
def _environment(folder: Path, fmt: str):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(folder), undefined=StrictUndefined,
                       autoescape=fmt == "html", keep_trailing_newline=True,
                       finalize=html_text if fmt == "html" else md_text)
