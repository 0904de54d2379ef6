"""`drafting demo`: the embedded example, end to end.

It renders the example's draft from its structured source, applies the meeting's
feedback, and writes every output of DESIGN.md §1 next to the draft, so that a
clerk sees the whole workflow on a real meeting with one command. Then the
second round (DESIGN.md §10): the revised draft of 5 February becomes the draft,
the first meeting's comments are carried onto it (`drafting carry`), and the
second meeting's comments revise it, with every output in `vong-2/`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from drafting.model import DECISION_LABELS, Decision
from drafting.render import render
from drafting.templates import example_dir

from .carry import Carried, carry_files
from .workflow import RevisionOutputs, revise_files

DRAFT_NAME = "du-thao-chi-thi.docx"
ROUND_2 = "vong-2"                                  # the second round's folder
ROUND_2_DRAFT = "du-thao-chi-thi-05-02-2021.docx"   # the revised draft of 5 February
ROUND_2_FEEDBACK = "feedback-vong-2.yaml"
CARRIED_NAME = "y-kien-vong-1.yaml"                # the first round's comments, carried


@dataclass
class DemoResult:
    draft: Path
    outputs: RevisionOutputs
    pdfs: list[Path] = field(default_factory=list)
    round2: "SecondRound | None" = None

    @property
    def written(self) -> list[Path]:
        """Every file the demo wrote, round by round."""
        paths = [*self.outputs.paths.values(), *self.pdfs]
        if self.round2 is not None:
            paths += [self.round2.draft, self.round2.carried_path, *self.round2.outputs.paths.values()]
        return paths

    def summary(self, lang: str = "vi") -> str:
        revision = self.outputs.revision
        decisions = Counter(c.decision for c in revision.feedback.comments)
        by_section = Counter(c.section for c in revision.changes)
        heading = ("Ý kiến theo quyết định", "Thay đổi theo mục") if lang == "vi" else \
            ("Comments by decision", "Changes by section")
        lines = [f"{heading[0]}:"]
        lines += [f"  {DECISION_LABELS[lang][d]}: {decisions[d]}" for d in Decision if decisions[d]]
        lines.append(f"{heading[1]}:")
        lines += [f"  {section}: {n}" for section, n in by_section.items()]
        if self.round2 is not None:
            carried, revision = self.round2.carried, self.round2.outputs.revision
            found = carried.found
            new = sum(1 for c in revision.feedback.comments if c.round == 2)
            template = ("Vòng 2: {n} ý kiến vòng 1 chuyển sang (đúng nguyên văn {exact}, gần đúng {fuzzy}, "
                        "theo nội dung đã sửa {edited}, mất vị trí {orphaned}); {new} ý kiến mới; {changes} thay đổi"
                        if lang == "vi" else
                        "Round 2: {n} round-1 comments carried ({exact} exact, {fuzzy} fuzzy, {edited} on their "
                        "edit's text, {orphaned} orphaned); {new} new comments; {changes} changes")
            lines.append(template.format(n=len(carried.feedback.comments), exact=found["exact"],
                                         fuzzy=found["fuzzy"], edited=found["edited"],
                                         orphaned=found["orphaned"], new=new, changes=len(revision.changes)))
        return "\n".join(lines)


def run_demo(out_dir: str | Path = "demo-output", *, pdf: bool = False, lang: str = "vi") -> DemoResult:
    """Render the example draft into `out_dir`, revise it, and write all outputs."""
    example = example_dir()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    draft = render(example / "source.yaml", out_dir / DRAFT_NAME)
    outputs = revise_files(draft, [example / "feedback.yaml"], out_dir, lang=lang)
    result = DemoResult(draft, outputs)
    result.round2 = _second_round(example, draft, outputs, out_dir / ROUND_2, lang)
    if pdf:
        result.pdfs = _pdfs([outputs.paths["tracked.docx"], outputs.paths["responses.docx"]], out_dir)
    return result


@dataclass
class SecondRound:
    draft: Path                  # the revised draft of round 1, now the draft
    carried_path: Path           # round 1's comments carried onto it
    carried: Carried
    outputs: RevisionOutputs     # round 2 revised with the carried and the new comments


def _second_round(example: Path, draft: Path, first: RevisionOutputs, folder: Path, lang: str) -> SecondRound:
    """The revised draft as the next round's draft, round 1's comments carried
    onto it, and the second meeting's comments applied."""
    from drafting.outputs import write_atomic

    folder.mkdir(parents=True, exist_ok=True)
    draft2 = folder / ROUND_2_DRAFT
    write_atomic(draft2, first.paths["clean.docx"].read_bytes())
    carried_path = folder / CARRIED_NAME
    carried = carry_files(draft, [example / "feedback.yaml"], draft2, carried_path)
    outputs = revise_files(draft2, [carried_path, example / ROUND_2_FEEDBACK], folder, lang=lang)
    return SecondRound(draft2, carried_path, carried, outputs)


def _pdfs(documents: list[Path], out_dir: Path) -> list[Path]:
    """PDF previews through LibreOffice, when it is installed."""
    import shutil

    from drafting.verify import soffice_convert

    if shutil.which("soffice") is None:
        return []
    return [soffice_convert(doc, "pdf", out_dir) for doc in documents]
