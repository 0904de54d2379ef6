"""The section tree as JSON (DESIGN.md section 2) and as an indented listing."""
from __future__ import annotations

from .model import Draft

FIRST_WORDS = 8


def outline_json(draft: Draft) -> list[dict]:
    return [s.to_json() for s in draft.sections]


def first_words(text: str, n: int = FIRST_WORDS) -> str:
    words = text.split(maxsplit=n)
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def outline_text(draft: Draft) -> str:
    """One line per section: its ID, indented by depth, and the first words of
    its first paragraph."""
    lines = []
    for section in draft.walk():
        depth = 0 if section.parent is None else section.level
        first = section.paragraphs[0].text if section.paragraphs else ""
        lines.append(f"{'  ' * depth}{section.id:<12} {first_words(first)}")
    return "\n".join(lines)
