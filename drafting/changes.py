"""The tracked-change summary: `{stem}.changes.md` and `{stem}.changes.json`."""
from __future__ import annotations

import json
from pathlib import Path

from .model import Feedback
from .text import fold
from .textrender import render_text

MARKDOWN = "changes.md.j2"
LABELS = {
    "vi": {"title": "Tổng hợp các thay đổi", "document": "Dự thảo", "subject": "Văn bản",
           "count": "Số thay đổi", "section": "Vị trí", "kind": "Loại", "before": "Trước",
           "after": "Sau", "comments": "Ý kiến số", "earlier": "Ý kiến các vòng trước mà thay đổi chạm tới",
           "change": "Thay đổi"},
    "en": {"title": "Summary of changes", "document": "Draft", "subject": "Document",
           "count": "Changes", "section": "Section", "kind": "Kind", "before": "Before",
           "after": "After", "comments": "Comment ids", "earlier": "Comments of earlier rounds the changes touch",
           "change": "Change"},
}
KINDS = {
    "vi": {"replace": "sửa", "delete": "xóa", "insert": "thêm", "add": "bổ sung đoạn",
           "remove": "bỏ mục", "relabel": "đánh số lại", "format": "định dạng"},
    "en": {"replace": "replace", "delete": "delete", "insert": "insert", "add": "add paragraphs",
           "remove": "remove section", "relabel": "renumber", "format": "formatting"},
}

# The formatting properties a "format" change names (`versions.PROPERTY_NAMES`); others by their XML name.
PROPERTIES = {
    "vi": {"bold": "in đậm", "italic": "in nghiêng", "underline": "gạch chân", "size": "cỡ chữ", "font": "phông chữ",
           "color": "màu chữ", "highlight": "tô sáng", "shading": "tô nền", "strike": "gạch ngang",
           "style": "kiểu", "position": "chỉ số trên/dưới", "caps": "chữ hoa", "alignment": "căn lề",
           "indentation": "thụt lề", "spacing": "giãn cách", "numbering": "đánh số", "language": "ngôn ngữ"},
    "en": {},
}


def revision_count(changes) -> int:
    """How many changes Word's and LibreOffice's review panes list: a replacement
    shows as a deletion and an insertion, anything else as one change, except
    a formatting-only change, which `compare` reports without a revision."""
    return sum(0 if c.kind == "format" else 2 if c.before and c.after else 1 for c in changes)


def earlier_rounds(changes, feedback: Feedback | None) -> list[list[str]]:
    """For each change, the ids of the comments of earlier rounds (DESIGN.md §10)
    that it touches: comments on its section that quote nothing, or whose quote
    holds, or lies within, the text the change alters. Empty lists when the
    feedback has a single round."""
    rounds = [c.round for c in feedback.comments if c.round] if feedback is not None else []
    earlier = [c for c in feedback.comments if c.round and c.round < max(rounds)] if rounds else []
    touched = []
    for change in changes:
        before = fold(change.before.strip()).casefold()
        touched.append([c.id for c in earlier if c.section == change.section and (
            not c.quote or (before and (before in fold(c.quote).casefold() or fold(c.quote).casefold() in before)))])
    return touched


def changes_json(changes, feedback: Feedback | None = None) -> str:
    items = [c.to_json() for c in changes]
    for item, ids in zip(items, earlier_rounds(changes, feedback)):
        if ids:
            item["earlier_comments"] = ids
    data = {"revisions": revision_count(changes), "changes": items}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def changes_markdown(changes, draft_name: str, feedback_title: str | None, lang: str = "vi",
                     templates_dir: str | Path | None = None, feedback: Feedback | None = None) -> str:
    from .ids import reference

    names = PROPERTIES[lang]
    rows = [{**c.to_json(), "reference": reference(c.section, lang) if c.section else "",
             "properties": [names.get(p, p) for p in c.properties]} for c in changes]
    earlier = [{"index": k, "section": c.section, "ids": ids}
               for k, (c, ids) in enumerate(zip(changes, earlier_rounds(changes, feedback)), 1) if ids]
    context = {"changes": rows, "labels": LABELS[lang], "kinds": KINDS[lang],
               "draft_name": draft_name, "feedback_title": feedback_title, "earlier": earlier}
    return render_text(MARKDOWN, context, "md", templates_dir)
