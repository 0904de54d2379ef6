"""`drafting.oxml.redline`: the engine's revision elements as <ins>/<del> HTML."""
from __future__ import annotations

from html.parser import HTMLParser

from support.docs import make_docx

from comments.intake import read_feedback
from drafting.oxml.redline import paragraphs_html
from drafting.reader import open_draft
from drafting.revise import track_changes

PARAGRAPHS = ["I. MỤC TIÊU", "1. Nâng cao chất lượng công tác thi đua, khen thưởng theo năm.",
              "2. Khen thưởng kịp thời các tập thể, cá nhân."]
FEEDBACK = """comments:
  - id: 4
    by: A
    section: I.1
    text: Sửa.
    decision: accepted
    response: Tiếp thu.
    edits:
      - replace: theo năm
        with: thực chất <b>&amp; {{ x }}
  - id: 5
    by: B
    section: I.2
    text: Bỏ.
    decision: accepted
    response: Tiếp thu.
    edits:
      - delete: "kịp thời "
"""


class _Pieces(HTMLParser):
    """The text of each <ins>, each <del>, and the rest, with the comment ids of each mark."""

    def __init__(self):
        super().__init__()
        self.stack, self.ins, self.dels, self.ids = [], [], [], []
        self.accepted, self.rejected = [], []     # the text as each view reads it, in order

    def handle_starttag(self, tag, attrs):
        if tag in ("ins", "del"):
            self.stack.append(tag)
            self.ids.append(dict(attrs)["data-comments"])
            (self.ins if tag == "ins" else self.dels).append("")

    def handle_endtag(self, tag):
        if tag in ("ins", "del"):
            self.stack.pop()

    def handle_data(self, data):
        if not self.stack:
            self.accepted.append(data)
            self.rejected.append(data)
        elif self.stack[-1] == "ins":
            self.ins[-1] += data
            self.accepted.append(data)
        else:
            self.dels[-1] += data
            self.rejected.append(data)


def _revised(tmp_path):
    draft_path = make_docx(tmp_path / "draft.docx", PARAGRAPHS)
    (tmp_path / "f.yaml").write_text(FEEDBACK, encoding="utf-8")
    draft = open_draft(draft_path)
    changes = track_changes(draft, read_feedback([tmp_path / "f.yaml"]))
    owners = {el: c.comments for c in changes for el in c.elements}
    return draft, changes, owners


def test_each_revision_is_an_ins_or_del_holding_the_change_s_text_and_comment_ids(tmp_path):
    draft, changes, owners = _revised(tmp_path)
    pieces = _Pieces()
    pieces.feed(paragraphs_html([p.element for p in draft.paragraphs], owners))
    assert pieces.dels == [c.before for c in changes if c.before]
    assert pieces.ins == [c.after for c in changes if c.after]
    assert set(pieces.ids) == {"4", "5"}


def test_without_the_deletions_it_reads_as_edited_and_without_the_insertions_as_before(tmp_path):
    draft, _, owners = _revised(tmp_path)
    (paragraph,) = [p for p in draft.paragraphs if p.text.startswith("1.")]
    pieces = _Pieces()
    pieces.feed(paragraphs_html([paragraph.element], owners))
    assert "".join(pieces.rejected) == PARAGRAPHS[1]
    assert "".join(pieces.accepted) == PARAGRAPHS[1].replace("theo năm", "thực chất <b>&amp; {{ x }}")


def test_markup_in_the_text_is_escaped(tmp_path):
    draft, _, owners = _revised(tmp_path)
    html = paragraphs_html([p.element for p in draft.paragraphs], owners)
    assert "<b>" not in html and "&lt;b&gt;&amp;amp; {{ x }}" in html
