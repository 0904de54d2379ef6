"""The API's main job, through the ASGI app, on SQLite and PostgreSQL: a dossier
from the example draft, its comments imported, decided, previewed and exported."""
from __future__ import annotations

import hashlib
import io
import zipfile

from support.workspace import create_dossier, import_files, login

from comments.intake import read_feedback
from drafting.outline import outline_json
from drafting.reader import read_draft


def _dossier(client, make_user, example_draft, example_feedback):
    make_user("an")
    login(client, "an")
    made = create_dossier(client, example_draft)
    assert made.status_code == 201, made.text
    dossier = made.json()["id"]
    assert import_files(client, dossier, example_feedback).status_code == 200
    return dossier


def test_a_dossier_keeps_the_uploaded_draft_unchanged_with_its_sha256(client, make_user, example_draft):
    make_user("an")
    login(client, "an")
    made = create_dossier(client, example_draft).json()
    data = example_draft.read_bytes()
    assert made["draft"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert client.get(f"/api/dossiers/{made['id']}/draft").content == data


def test_the_outline_is_the_outline_command_s(client, make_user, example_draft, example_feedback):
    dossier = _dossier(client, make_user, example_draft, example_feedback)
    assert client.get(f"/api/dossiers/{dossier}/outline").json() == outline_json(read_draft(example_draft))


def test_imported_comments_are_those_the_cli_reads(client, make_user, example_draft, example_feedback):
    dossier = _dossier(client, make_user, example_draft, example_feedback)
    expected = read_feedback([example_feedback]).comments
    got = client.get(f"/api/dossiers/{dossier}/comments").json()
    assert [(c["id"], c["decision"], c.get("section")) for c in got] == \
        [(c.id, c.decision.value, c.section) for c in expected]


def test_problems_are_those_of_comments_check(client, make_user, example_draft, example_feedback):
    from comments.check import check

    dossier = _dossier(client, make_user, example_draft, example_feedback)
    report = check(read_draft(example_draft), read_feedback([example_feedback]))
    got = client.get(f"/api/dossiers/{dossier}/problems").json()
    assert got["problems"] == [] and report.problems == []
    assert got["pending"] == [c.id for c in report.pending]


def test_a_saved_decision_bumps_the_version_and_leaves_a_history_row(client, make_user, example_draft,
                                                                     example_feedback):
    dossier = _dossier(client, make_user, example_draft, example_feedback)
    first = client.get(f"/api/dossiers/{dossier}/comments").json()[0]
    saved = client.put(f"/api/dossiers/{dossier}/comments/{first['key']}",
                       json={"version": first["version"], "decision": "noted", "response": "Ghi nhận.", "edits": []})
    assert saved.status_code == 200, saved.text
    assert saved.json()["version"] == first["version"] + 1
    row = client.get(f"/api/dossiers/{dossier}/history", params={"comment": first["key"]}).json()[0]
    assert row["user"] == "an" and row["before"]["decision"] == first["decision"]
    assert row["after"]["decision"] == "noted"


def test_a_stale_save_is_a_409_with_both_versions(client, make_user, example_draft, example_feedback):
    dossier = _dossier(client, make_user, example_draft, example_feedback)
    first = client.get(f"/api/dossiers/{dossier}/comments").json()[0]
    url = f"/api/dossiers/{dossier}/comments/{first['key']}"
    assert client.put(url, json={"version": first["version"], "response": "Một."}).status_code == 200
    stale = client.put(url, json={"version": first["version"], "response": "Hai."})
    assert stale.status_code == 409
    assert stale.json()["current"]["response"] == "Một." and stale.json()["yours"]["response"] == "Hai."
    assert client.get(url).json()["response"] == "Một."


def test_an_edit_that_does_not_match_is_refused_in_the_words_of_check(client, make_user, example_draft,
                                                                      example_feedback):
    dossier = _dossier(client, make_user, example_draft, example_feedback)
    target = next(c for c in client.get(f"/api/dossiers/{dossier}/comments").json() if c.get("section"))
    saved = client.put(f"/api/dossiers/{dossier}/comments/{target['key']}",
                       json={"version": target["version"], "decision": "accepted", "response": "Tiếp thu.",
                             "edits": [{"replace": "chữ không có trong dự thảo", "with": "x"}]})
    assert saved.status_code == 200
    preview = client.get(f"/api/dossiers/{dossier}/sections/{target['section']}/preview").json()
    messages = [p["message"] for p in preview["problems"]]
    assert any("chữ không có trong dự thảo" in m for m in messages), messages


def test_the_preview_shows_the_engine_s_revisions_with_their_comment_ids(client, make_user, example_draft,
                                                                        example_feedback):
    dossier = _dossier(client, make_user, example_draft, example_feedback)
    answer = client.get(f"/api/dossiers/{dossier}/sections/II.3.b/preview")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["changes"] and all("6" in c["comments"] for c in body["changes"])
    assert '<del data-comments="6"' in body["html"] and '<ins data-comments="6"' in body["html"]


def test_an_export_holds_every_output_and_is_recorded(client, make_user, example_draft, example_feedback):
    dossier = _dossier(client, make_user, example_draft, example_feedback)
    made = client.post(f"/api/dossiers/{dossier}/exports", json={"lang": "vi"})
    assert made.status_code == 201, made.text
    export = made.json()
    stem = example_draft.stem
    expected = {f"{stem}.{s}" for s in ("tracked.docx", "clean.docx", "responses.docx", "responses.xlsx",
                                        "responses.html", "changes.md", "changes.json", "zip")}
    assert set(export["files"]) == expected
    archive = client.get(f"/api/dossiers/{dossier}/exports/{export['id']}/{stem}.zip").content
    assert set(zipfile.ZipFile(io.BytesIO(archive)).namelist()) == expected - {f"{stem}.zip"}
    listed = client.get(f"/api/dossiers/{dossier}/exports").json()[0]
    assert listed["user"] == "an" and listed["decisions"]["6"]["decision"] == "accepted"


def test_every_section_s_preview_has_the_changes_the_whole_revision_makes_there(client, make_user, example_draft,
                                                                               example_feedback):
    from drafting.reader import open_draft
    from drafting.revise import revise

    dossier = _dossier(client, make_user, example_draft, example_feedback)
    whole = revise(open_draft(example_draft), read_feedback([example_feedback]))
    for section in read_draft(example_draft).walk():
        got = client.get(f"/api/dossiers/{dossier}/sections/{section.id}/preview").json()["changes"]
        assert got == [c.to_json() for c in whole.changes if c.section == section.id], section.id


def test_same_as_must_name_a_comment_of_the_dossier(client, make_user, example_draft, example_feedback):
    dossier = _dossier(client, make_user, example_draft, example_feedback)
    first, second = client.get(f"/api/dossiers/{dossier}/comments").json()[:2]
    url = f"/api/dossiers/{dossier}/comments/{second['key']}"
    assert client.put(url, json={"version": second["version"], "same_as": "no-such"}).status_code == 422
    assert client.put(url, json={"version": second["version"], "same_as": first["id"]}).status_code == 200


def test_the_exported_tracked_draft_rejects_to_the_original_and_accepts_to_the_clean(
        client, make_user, example_draft, example_feedback, pandoc, tmp_path):
    import subprocess

    dossier = _dossier(client, make_user, example_draft, example_feedback)
    export = client.post(f"/api/dossiers/{dossier}/exports", json={}).json()
    files = {}
    for suffix in ("tracked.docx", "clean.docx"):
        name = f"{example_draft.stem}.{suffix}"
        files[suffix] = tmp_path / name
        files[suffix].write_bytes(client.get(f"/api/dossiers/{dossier}/exports/{export['id']}/{name}").content)

    def plain(path, *track):
        return subprocess.run([pandoc, *track, str(path), "-t", "plain"], capture_output=True, text=True,
                              check=True).stdout

    assert plain(files["tracked.docx"], "--track-changes=reject") == plain(example_draft)
    assert plain(files["tracked.docx"], "--track-changes=accept") == plain(files["clean.docx"])
    assert plain(files["clean.docx"]) != plain(example_draft)


def test_the_table_and_the_changes_are_those_of_the_library(client, make_user, example_draft, example_feedback):
    from dataclasses import asdict

    from comments.table import build_table
    from drafting.changes import changes_json
    from drafting.reader import open_draft
    from drafting.revise import revise
    import json

    dossier = _dossier(client, make_user, example_draft, example_feedback)
    feedback = read_feedback([example_feedback])
    table = client.get(f"/api/dossiers/{dossier}/table").json()
    expected = asdict(build_table(read_draft(example_draft), feedback, "vi"))
    assert [g["heading"] for g in table["groups"]] == [g["heading"] for g in expected["groups"]]
    assert table["opening"] == expected["opening"]
    changes = client.get(f"/api/dossiers/{dossier}/changes").json()
    assert changes == json.loads(changes_json(revise(open_draft(example_draft), feedback).changes))
