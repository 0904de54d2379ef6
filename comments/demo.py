"""`drafting demo`: the embedded example, end to end.

It renders the example's draft from its structured source, applies the meeting's
feedback, and writes every output of DESIGN.md §1 next to the draft, so that a
clerk sees the whole workflow on a real meeting with one command.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from drafting.model import DECISION_LABELS, Decision
from drafting.render import render
from drafting.templates import example_dir

from .workflow import RevisionOutputs, revise_files

DRAFT_NAME = "du-thao-chi-thi.docx"


@dataclass
class DemoResult:
    draft: Path
    outputs: RevisionOutputs
    pdfs: list[Path] = field(default_factory=list)

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
        return "\n".join(lines)


def run_demo(out_dir: str | Path = "demo-output", *, pdf: bool = False, lang: str = "vi") -> DemoResult:
    """Render the example draft into `out_dir`, revise it, and write all outputs."""
    example = example_dir()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    draft = render(example / "source.yaml", out_dir / DRAFT_NAME)
    outputs = revise_files(draft, [example / "feedback.yaml"], out_dir, lang=lang)
    result = DemoResult(draft, outputs)
    if pdf:
        result.pdfs = _pdfs([outputs.paths["tracked.docx"], outputs.paths["responses.docx"]], out_dir)
    return result


def _pdfs(documents: list[Path], out_dir: Path) -> list[Path]:
    """PDF previews through LibreOffice, when it is installed."""
    import shutil

    from drafting.verify import soffice_convert

    if shutil.which("soffice") is None:
        return []
    return [soffice_convert(doc, "pdf", out_dir) for doc in documents]
