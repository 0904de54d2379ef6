"""docxtpl templates rendered with jinja2 alone, for large tables.

A docxtpl template is a .docx whose text holds jinja2 tags; docxtpl rewrites
the part's XML so that jinja2 can render it (tags split over runs joined, a
`{%tr …%}` tag standing for its whole table row, `{%p …%}` for its paragraph),
renders it, then re-parses the result with python-docx and saves the package.
For a 1,000-row response table that pipeline (and importing python-docx) costs
several times the revision itself. This module does the same rewriting for the
tags our templates use (`{{ }}`, `{% %}`, `{# #}`, and the `tr`, `tc`, `p`, `r`
forms, `{%-`/`-%}`), renders with jinja2 and autoescape, and writes the text
straight into the package: one render, no re-parse. Templates stay docxtpl
templates that staff restyle in Word. docxtpl's cell helpers (`colspan`,
`cellbg`, `vm`, `hm`) and rich-text objects are not supported: a template
using them is refused with a message saying so.

The rewriting rules are docxtpl's (`DocxTemplate.patch_xml`, LGPL-2.1),
restricted to that subset.
"""
from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup, escape   # jinja2's own escaping; this module is imported only to render

from .errors import InputError
from .oxml.ns import WML
from .package import XML_PARSER, Docx, open_package

_WORD_TEXT = (("{", "&#123;"), ("}", "&#125;"), ("\n", '</w:t><w:br/><w:t xml:space="preserve">'),
              ("\t", '</w:t><w:tab/><w:t xml:space="preserve">'))
# Parts docxtpl renders: the body, headers and footers.
RENDERED_TYPES = tuple(WML + t for t in ("document.main+xml", "header+xml", "footer+xml"))
_UNSUPPORTED = re.compile(r"{%\s*(colspan|cellbg|vm|hm)\b")
_FLAGS = re.DOTALL


def _strip_run_breaks(match: re.Match) -> str:
    return re.sub(r"</w:t>.*?(<w:t>|<w:t [^>]*>)", "", match.group(0), flags=_FLAGS)


def _clean_tag(match: re.Match) -> str:
    text = match.group(0)
    for old, new in (("&#8216;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(old, new)
    return text


def jinja_source(xml: str) -> str:
    """A part's XML with docxtpl's tags made into plain jinja2 (see the module docstring)."""
    # `{<tags>{` → `{{` (also `{%`, `{#`, and the closing forms)
    xml = re.sub(r"(?<={)(<[^>]*>)+(?=[\{%\#])|(?<=[%\}\#])(<[^>]*>)+(?=\})", "", xml, flags=_FLAGS)
    # a tag's text split over several runs → one run
    xml = re.sub(r"{%(?:(?!%}).)*|{#(?:(?!#}).)*|{{(?:(?!}}).)*", _strip_run_breaks, xml, flags=_FLAGS)
    # rendered text keeps its spaces
    xml = re.sub(r"<w:t>((?:(?!<w:t>).)*)({{.*?}}|{%.*?%})", r'<w:t xml:space="preserve">\1\2', xml, flags=_FLAGS)
    # `{%-` joins the previous paragraph's text, `-%}` the next one's
    xml = re.sub(r"</w:t>(?:(?!</w:t>).)*?{%-", "{%", xml, flags=_FLAGS)
    xml = re.sub(r"-%}(?:(?!<w:t[ >]|{%|{{).)*?<w:t[^>]*?>", "%}", xml, flags=_FLAGS)
    # `{%tr …%}` (and tc, p, r): the tag replaces the element that holds it
    for y in ("tr", "tc", "p", "r"):
        xml = re.sub(rf"<w:{y}[ >](?:(?!<w:{y}[ >]).)*({{%|{{{{){y} ([^}}%]*(?:%}}|}}}})).*?</w:{y}>",
                     r"\1 \2", xml, flags=_FLAGS)
    for y in ("tr", "tc", "p"):
        xml = re.sub(rf"<w:{y}[ >](?:(?!<w:{y}[ >]).)*({{#){y} ([^}}#]*(?:#}})).*?</w:{y}>", r"\1 \2", xml, flags=_FLAGS)
    return re.sub(r"(?<=\{[\{%])(.*?)(?=[\}%]})", _clean_tag, xml)


def word_text(value):
    """What a `{{ … }}` puts in the document: the value as XML-escaped text,
    with braces as character references (no rendered text can read as a tag
    to a later pass; docxtpl itself rewrites `{_{` and its kin; Word shows
    braces), newlines as Word line breaks and tabs as Word tabs. Text that is
    already markup (jinja's own `join` of escaped items) is not escaped again.
    markupsafe's escape and `str.replace` run in C: no per-character work."""
    text = str(escape(value))
    for char, xml in _WORD_TEXT:
        if char in text:
            text = text.replace(char, xml)
    return Markup(text)


def render_docx_template(path: str | Path, context: dict, *, check_xml: bool = True) -> bytes:
    """The template at `path` rendered with `context`, as .docx bytes.

    Every value a tag outputs goes through `word_text` (jinja's `finalize`),
    so user text is text whatever it holds. Escaped text cannot break the
    XML, but a template's tags can (a `{%p if %}` closing in another
    paragraph): `check_xml` parses the result to refuse that, which a
    template the tests cover (the built-in ones) can skip."""
    from jinja2 import Environment, TemplateError
    from lxml import etree

    document: Docx = open_package(path)
    package = document.package
    env = Environment(autoescape=True, finalize=word_text)
    for name in package.parts_of_type(RENDERED_TYPES):
        xml = package.blob(name).decode("utf-8")
        if "{{" not in xml and "{%" not in xml:
            continue
        unsupported = _UNSUPPORTED.search(xml)
        if unsupported:
            raise InputError(f"{path}: part {name} uses docxtpl's {unsupported.group(1)!r} tag, "
                             "which drafting's table renderer does not support")
        try:
            rendered = env.from_string(jinja_source(xml)).render(context)
        except TemplateError as exc:
            raise InputError(f"{path}: template error in part {name}: {exc}") from None
        data = rendered.encode("utf-8")
        if check_xml:
            try:
                etree.fromstring(data, XML_PARSER)
            except etree.XMLSyntaxError as exc:
                raise InputError(f"{path}: the template's tags make broken XML in part {name}: {exc}") from None
        package.root(name)[:] = list(etree.fromstring(data, XML_PARSER))
    return package.to_bytes()
