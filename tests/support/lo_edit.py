#!/usr/bin/python3
"""Edit a .docx in headless LibreOffice with change tracking on, as a delegate would.

Run with the system Python that has Debian's python3-uno (the project's venv has no uno):
    /usr/bin/python3 lo_edit.py IN.docx OUT.docx AUTHOR OLD=>NEW [OLD=>NEW …]
Each OLD text is replaced by NEW (an empty NEW deletes it) through LibreOffice's
own find & replace, so the revisions are LibreOffice's, authored by AUTHOR.
"""
import os
import sys

import uno

from lo_uno import load, office, prop


def main(src, dst, author, *replacements):
    with office(author) as (_, desktop, profile):
        doc = load(desktop, profile, src)
        doc.RecordChanges = True
        for item in replacements:
            old, new = item.split("=>", 1)
            search = doc.createReplaceDescriptor()
            search.SearchString, search.ReplaceString = old, new
            if doc.replaceAll(search) != 1:
                raise RuntimeError("expected exactly one %r in %s" % (old, src))
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)


if __name__ == "__main__":
    main(*sys.argv[1:])
