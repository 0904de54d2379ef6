#!/usr/bin/python3
"""Mark a .docx in headless LibreOffice as delegates do: comments by several
authors (resolved or not) and edits tracked under several names.

Run with the system Python that has Debian's python3-uno (the project's venv has no uno):
    /usr/bin/python3 lo_mark.py IN.docx OUT.docx STEPS.json
STEPS is a list of steps, applied in order:
    {"author": A, "comment": TEXT, "on": WORDS, "resolved": false}  a comment by A after WORDS
    {"author": A, "replace": OLD, "with": NEW}                      a tracked change by A (NEW "" deletes)
Each OLD and WORDS must occur exactly once. (LibreOffice 7.4 writes no reply
threads to .docx: replies are made with python-docx, see threads.py.)
"""
import json
import os
import sys

import uno

from lo_uno import load, office, prop, set_author


def find_once(doc, text):
    search = doc.createSearchDescriptor()
    search.SearchString = text
    found = doc.findAll(search)
    if found.getCount() != 1:
        raise RuntimeError("expected exactly one %r" % text)
    return found.getByIndex(0)


def main(src, dst, steps_path):
    with open(steps_path, encoding="utf-8") as fh:
        steps = json.load(fh)
    with office() as (ctx, desktop, profile):
        doc = load(desktop, profile, src)
        doc.RecordChanges = True
        for step in steps:
            set_author(ctx, step["author"])
            if "comment" in step:
                where = find_once(doc, step["on"])
                note = doc.createInstance("com.sun.star.text.textfield.Annotation")
                note.Author, note.Content = step["author"], step["comment"]
                note.Initials = "".join(word[0] for word in step["author"].split())
                doc.RecordChanges = False       # a comment is not an edit
                # at the end of WORDS: LibreOffice 7.4 refuses a ranged annotation through UNO
                where.getText().insertTextContent(where.getEnd(), note, False)
                if step.get("resolved"):
                    note.Resolved = True
                doc.RecordChanges = True
            else:
                where = find_once(doc, step["replace"])
                where.setString(step["with"])
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)


if __name__ == "__main__":
    main(*sys.argv[1:])
