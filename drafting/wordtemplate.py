"""Word templates (docxtpl) rendered with the project's escaping jinja2 environment.

docxtpl renders the template with its own `DocxTemplate.render`; the environment
it is given makes every `{{ … }}` output Word-safe text whatever the value holds
(`word_text` as jinja's `finalize`, autoescape on), so user text is text: never
markup, never a tag, never evaluated. Imported only by the commands that render
a Word template (docxtpl is heavy).
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import Environment, TemplateError
from lxml import etree
from markupsafe import Markup, escape

from .errors import InputError
from .package import read_package_bytes

# Braces as character references: docxtpl turns `{_{` and its kin back into
# `{{` after rendering, and no rendered text may read as a tag to a later pass
# (Word shows the braces). Line breaks and tabs as Word's own elements.
_WORD_TEXT = (("{", "&#123;"), ("}", "&#125;"), ("\n", '</w:t><w:br/><w:t xml:space="preserve">'),
              ("\t", '</w:t><w:tab/><w:t xml:space="preserve">'))


def word_text(value) -> Markup:
    """What a `{{ … }}` puts in the document: the value as XML-escaped text with
    Word's line breaks and tabs. Text that is already markup (jinja's `join` of
    escaped items) is not escaped again; None shows as nothing."""
    if value is None:
        return Markup("")
    text = str(escape(value))
    for char, xml in _WORD_TEXT:
        if char in text:
            text = text.replace(char, xml)
    return Markup(text)


@lru_cache(maxsize=1)
def word_environment() -> Environment:
    """The jinja2 environment every Word template is rendered with (shared:
    jinja2 environments are safe to use from several threads once built)."""
    return Environment(autoescape=True, finalize=word_text)


class _StrictTemplate(DocxTemplate):
    """docxtpl, but a template whose tags make broken XML (a staff edit that
    closes a `{%p if %}` in another paragraph) is refused instead of being
    silently "recovered" by docxtpl's lenient parser."""

    def build_xml(self, context, jinja_env=None):
        xml = super().build_xml(context, jinja_env)
        try:
            etree.fromstring(xml.encode("utf-8"))
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{self.origin}: the template's tags make broken XML: {exc}") from None
        return xml


def render_word_template(path: str | Path, context: dict) -> DocxTemplate:
    """The Word template at `path` (checked as every input .docx is) rendered
    with `context`; the rendered docxtpl document, for its caller to adjust and save."""
    template = _StrictTemplate(io.BytesIO(read_package_bytes(path)))
    template.origin = path
    try:
        template.render(context, word_environment())
    except TemplateError as exc:
        raise InputError(f"{path}: broken template: {exc}") from None
    _drop_empty_runs(template.docx.element.body)
    return template


def _drop_empty_runs(body) -> None:
    """docxtpl leaves an empty run where a run-level tag (`{{r …}}`, `{%r …%}`)
    stood; a run holding nothing but an empty `w:t` goes (no text changes)."""
    from .oxml.text import W_R, W_T

    for run in [r for r in body.iter(W_R) if len(r) == 1 and r[0].tag == W_T and not r[0].text]:
        run.getparent().remove(run)


def to_bytes(template: DocxTemplate) -> bytes:
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()
