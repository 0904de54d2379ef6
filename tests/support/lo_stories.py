#!/usr/bin/python3
"""Read the headers, footers and comments of documents as LibreOffice shows
them after accepting or rejecting every tracked change.

    /usr/bin/python3 lo_stories.py accept|reject|none OUT.json IN.docx [IN.docx …]
writes to OUT.json, for each input, the sorted texts of the headers and footers
of its page styles (first-page and even-page ones included) and its comments,
as "header: …" / "footer: …" / "comment: …" strings.
"""
import json
import sys

from lo_uno import load, office

PARTS = (("header", "HeaderIsOn", ("HeaderText", "HeaderTextFirst", "HeaderTextLeft")),
         ("footer", "FooterIsOn", ("FooterText", "FooterTextFirst", "FooterTextLeft")))


def stories(doc):
    found = set()
    styles = doc.getStyleFamilies().getByName("PageStyles")
    for name in styles.getElementNames():
        style = styles.getByName(name)
        for kind, switch, texts in PARTS:
            if not style.getPropertyValue(switch):
                continue
            for prop in texts:
                try:
                    text = style.getPropertyValue(prop)
                except Exception:
                    continue        # not every LibreOffice has first-page texts
                if text is not None and text.getString().strip():
                    found.add("%s: %s" % (kind, text.getString().replace("\r\n", "\n")))
    fields = doc.getTextFields().createEnumeration()
    while fields.hasMoreElements():
        field = fields.nextElement()
        if field.supportsService("com.sun.star.text.textfield.Annotation"):
            found.add("comment: %s" % field.Content)
    return sorted(found)


def main(mode, out, *sources):
    result = []
    with office() as (ctx, desktop, profile):
        dispatcher = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        for src in sources:
            doc = load(desktop, profile, src)
            if mode != "none":
                frame = doc.getCurrentController().getFrame()
                command = ".uno:AcceptAllTrackedChanges" if mode == "accept" else ".uno:RejectAllTrackedChanges"
                dispatcher.executeDispatch(frame, command, "", 0, ())
            result.append(stories(doc))
            doc.close(True)
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(result, fh, ensure_ascii=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
