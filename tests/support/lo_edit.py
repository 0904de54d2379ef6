#!/usr/bin/python3
"""Edit a .docx in headless LibreOffice with change tracking on, as a delegate would.

Run with the system Python that has Debian's python3-uno (the project's venv has no uno):
    /usr/bin/python3 lo_edit.py IN.docx OUT.docx AUTHOR OLD=>NEW [OLD=>NEW …]
Each OLD text is replaced by NEW (an empty NEW deletes it) through LibreOffice's
own find & replace, so the revisions are LibreOffice's, authored by AUTHOR.
Starts its own soffice on a private pipe and profile, and stops only that process.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except NoConnectException:
            time.sleep(0.1)
    raise RuntimeError("soffice did not come up")


def set_author(ctx, author):
    """The redline author is the user's name in the profile."""
    provider = ctx.ServiceManager.createInstanceWithContext("com.sun.star.configuration.ConfigurationProvider", ctx)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess", (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    given, _, family = author.rpartition(" ")
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


def main(src, dst, author, *replacements):
    pipe = "lo_edit_" + uuid.uuid4().hex[:8]
    profile = tempfile.mkdtemp(prefix="lo_profile_")
    # A fresh profile makes soffice restart once, which drops the bridge: initialise it first.
    subprocess.run(["soffice", "--headless", "--norestore", "--terminate_after_init",
                    "-env:UserInstallation=file://" + profile],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    proc = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
         "-env:UserInstallation=file://" + profile,
         "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        ctx = connect(pipe)
        set_author(ctx, author)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        work = os.path.join(profile, "in.docx")     # a private copy: a stale lock next to the input blocks loading
        shutil.copy(src, work)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(work), "_blank", 0, (prop("Hidden", True),))
        if doc is None:
            raise RuntimeError("LibreOffice could not load " + src)
        doc.RecordChanges = True
        for item in replacements:
            old, new = item.split("=>", 1)
            search = doc.createReplaceDescriptor()
            search.SearchString, search.ReplaceString = old, new
            if doc.replaceAll(search) != 1:
                raise RuntimeError("expected exactly one %r in %s" % (old, src))
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass    # the bridge drops as soffice exits
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, 9)      # oosplash and soffice.bin live in our own process group
        except ProcessLookupError:
            pass
        proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
