"""Render this example's draft: source.yaml → du-thao-chi-thi.docx.

The .docx is committed next to its source so that the example works without
running anything (`drafting revise du-thao-chi-thi.docx feedback.yaml --out out/`);
run this after changing source.yaml or the directive template.
"""
from __future__ import annotations

from pathlib import Path

from drafting.render import render

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    print(render(HERE / "source.yaml", HERE / "du-thao-chi-thi.docx"))
