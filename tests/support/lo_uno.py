#!/usr/bin/python3
"""Drive a private headless LibreOffice through UNO, for tests that need
LibreOffice itself to edit, accept or reject a document.

Imported by the scripts beside it, which run with the system Python that has
Debian's python3-uno (the project's venv has no uno). `office()` starts its own
soffice on a private pipe and profile, and stops only that process.
"""
import contextlib
import os
import shutil
import subprocess
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


@contextlib.contextmanager
def office(author=None):
    """The Desktop of a fresh soffice; `author` is the name its revisions carry."""
    pipe = "lo_" + uuid.uuid4().hex[:8]
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
        if author:
            set_author(ctx, author)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        yield ctx, desktop, profile
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


def load(desktop, profile, src):
    """Load a private copy of `src` (a stale lock next to the input blocks loading)."""
    work = os.path.join(profile, "in" + os.path.splitext(src)[1])
    shutil.copy(src, work)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(work), "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        raise RuntimeError("LibreOffice could not load " + src)
    return doc
