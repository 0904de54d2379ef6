#!/usr/bin/python3
"""Read documents as LibreOffice shows them after accepting or rejecting every
tracked change: one line per paragraph, with the list label LibreOffice renders.

    /usr/bin/python3 lo_review.py accept|reject|none OUT.txt IN.docx [IN.docx …]
writes, for each input, its text followed by a line `\f` into OUT.txt, and the
number of tracked changes LibreOffice counted in each input on stdout. A file
LibreOffice cannot load reads as the one line UNLOADABLE, counted -1.
"""
import sys

from lo_uno import load, office


UNLOADABLE = "(LibreOffice could not load this file)"      # libreoffice.UNLOADABLE (that module needs pytest)


def paragraphs(text):
    """Paragraph strings of a text, tables cell by cell, in order."""
    for element in text.createEnumeration():
        if element.supportsService("com.sun.star.text.Paragraph"):
            label = element.getPropertyValue("ListLabelString") or ""
            yield (label + " " if label else "") + element.getString()
        elif element.supportsService("com.sun.star.text.TextTable"):
            for name in element.getCellNames():
                yield from paragraphs(element.getCellByName(name).getText())


def main(mode, out, *sources):
    counts = []
    with office() as (ctx, desktop, profile), open(out, "w", encoding="utf-8") as fh:
        dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for src in sources:
            try:
                doc = load(desktop, profile, src)
            except RuntimeError:          # one file LibreOffice cannot open does not end the batch
                fh.write(UNLOADABLE + "\n\f\n")
                counts.append(-1)
                continue
            counts.append(sum(1 for _ in iter_enum(doc.getRedlines().createEnumeration())))
            if mode != "none":
                frame = doc.getCurrentController().getFrame()
                command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
                dispatcher.executeDispatch(frame, command, "", 0, ())
            fh.write("\n".join(paragraphs(doc.getText())) + "\n\f\n")
            doc.close(True)
    print(" ".join(map(str, counts)))


def iter_enum(enumeration):
    while enumeration.hasMoreElements():
        yield enumeration.nextElement()


if __name__ == "__main__":
    main(*sys.argv[1:])
