"""Paragraphs with tracked revisions as HTML: `<ins>`/`<del>` for `w:ins`/`w:del`.

It reads the revision elements the engine wrote (no second diff), and links
each change to the comments that caused it through `owners`, a map from a
revision element (or an inserted paragraph) to comment ids.
"""
from __future__ import annotations

from html import escape
from typing import Iterable, Mapping, Sequence

from .ns import MC_NS, w

W_INS, W_DEL, W_MOVE_TO, W_MOVE_FROM = w("ins"), w("del"), w("moveTo"), w("moveFrom")
W_T, W_DEL_TEXT, W_TAB, W_BR, W_CR, W_NBH = w("t"), w("delText"), w("tab"), w("br"), w("cr"), w("noBreakHyphen")
W_PPR, W_RPR = w("pPr"), w("rPr")
_PIECES = (W_T, W_DEL_TEXT, W_TAB, W_BR, W_CR, W_NBH)
_MARKS = {W_INS: "ins", W_MOVE_TO: "ins", W_DEL: "del", W_MOVE_FROM: "del"}
_HIDDEN = frozenset({W_PPR, w("instrText"), w("delInstrText"), w("drawing"), w("pict"), w("object"),
                     w("txbxContent"), f"{{{MC_NS}}}AlternateContent"})
_TEXT = {W_TAB: "\t", W_BR: "\n", W_CR: "\n", W_NBH: "\u2011"}


def _revision(el, paragraph):
    """The nearest `w:ins`/`w:del` around `el` in `paragraph`, None if it is
    plain; False if `el` is not text of the paragraph (properties, fields' code)."""
    found = None
    for ancestor in el.iterancestors():
        if ancestor is paragraph:
            return found
        if ancestor.tag in _HIDDEN:
            return False
        if found is None and ancestor.tag in _MARKS:
            found = ancestor
    return False


def _ids(rev, paragraph, owners: Mapping) -> Sequence[str]:
    return owners.get(rev) or owners.get(paragraph) or ()


def _mark_of(paragraph):
    """The `w:ins`/`w:del` on the paragraph's mark, when the paragraph itself
    was inserted or deleted; else None."""
    ppr = paragraph.find(W_PPR)
    rpr = ppr.find(W_RPR) if ppr is not None else None
    if rpr is None:
        return None
    return next((child for child in rpr if child.tag in _MARKS), None)


def paragraph_html(paragraph, owners: Mapping = {}) -> str:
    """One `w:p` as a `<p>`: plain text escaped, each revision an `<ins>`/`<del>`
    with `data-comments` naming the comment ids that caused it."""
    runs: list[tuple[object, list[str]]] = []          # (revision element or None, texts)
    for el in paragraph.iter(_PIECES):
        rev = _revision(el, paragraph)
        if rev is False:
            continue
        text = (el.text or "") if el.tag in (W_T, W_DEL_TEXT) else _TEXT[el.tag]
        if not text:
            continue
        if runs and runs[-1][0] is rev:
            runs[-1][1].append(text)
        else:
            runs.append((rev, [text]))
    parts = []
    for rev, texts in runs:
        body = escape("".join(texts)).replace("\n", "<br>")
        if rev is None:
            parts.append(body)
            continue
        tag = _MARKS[rev.tag]
        ids = _ids(rev, paragraph, owners)
        who = rev.get(w("author")) or ""
        parts.append(f'<{tag} data-comments="{escape(" ".join(ids))}" title="{escape(who)}">{body}</{tag}>')
    mark = _mark_of(paragraph)
    attrs = "" if mark is None else \
        f' class="{_MARKS[mark.tag]}" data-comments="{escape(" ".join(_ids(mark, paragraph, owners)))}"'
    return f"<p{attrs}>{''.join(parts)}</p>"


def paragraphs_html(paragraphs: Iterable, owners: Mapping = {}) -> str:
    return "\n".join(paragraph_html(p, owners) for p in paragraphs)
