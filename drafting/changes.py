"""The tracked-change summary: `{stem}.changes.md` and `{stem}.changes.json`."""
from __future__ import annotations

import json
from pathlib import Path

from .textrender import render_text

MARKDOWN = "changes.md.j2"
LABELS = {
    "vi": {"title": "Tổng hợp các thay đổi", "document": "Dự thảo", "subject": "Văn bản",
           "count": "Số thay đổi", "section": "Mục", "kind": "Loại", "before": "Trước",
           "after": "Sau", "comments": "Ý kiến số"},
    "en": {"title": "Summary of changes", "document": "Draft", "subject": "Document",
           "count": "Changes", "section": "Section", "kind": "Kind", "before": "Before",
           "after": "After", "comments": "Comment ids"},
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


def changes_json(changes) -> str:
    data = {"revisions": revision_count(changes), "changes": [c.to_json() for c in changes]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def changes_markdown(changes, draft_name: str, feedback_title: str | None, lang: str = "vi",
                     templates_dir: str | Path | None = None) -> str:
    names = PROPERTIES[lang]
    rows = [{**c.to_json(), "properties": [names.get(p, p) for p in c.properties]} for c in changes]
    context = {"changes": rows, "labels": LABELS[lang], "kinds": KINDS[lang],
               "draft_name": draft_name, "feedback_title": feedback_title}
    return render_text(MARKDOWN, context, "md", templates_dir)
