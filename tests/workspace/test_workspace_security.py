"""Access and hostile input: sessions, roles, membership, CSRF, uploads, escaping."""
from __future__ import annotations

import io
import zipfile
from html import escape

import pytest
from support.workspace import DOCX, create_dossier, import_files, login

from drafting.workspace.auth import Throttle


@pytest.fixture
def dossier(client, make_user, example_draft):
    make_user("an")
    login(client, "an")
    return create_dossier(client, example_draft).json()["id"]


def test_without_a_session_every_api_answer_is_401(client, dossier):
    client.cookies.clear()
    for url in ("/api/dossiers", f"/api/dossiers/{dossier}", f"/api/dossiers/{dossier}/comments"):
        assert client.get(url).status_code == 401


def test_the_session_cookie_is_httponly_and_samesite_lax(client, make_user):
    make_user("binh")
    answer = client.post("/api/login", json={"name": "binh", "password": "correct horse battery"})
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_over_https_the_cookie_is_secure(app, make_user):
    from fastapi.testclient import TestClient

    make_user("binh")
    with TestClient(app, base_url="https://testserver") as secure:
        answer = secure.post("/api/login", json={"name": "binh", "password": "correct horse battery"})
    assert "secure" in answer.headers["set-cookie"].lower()


def test_a_wrong_password_is_401_and_repeated_failures_are_throttled(app, client, make_user):
    make_user("binh")
    app.state.throttle = Throttle(limit=3)
    for _ in range(3):
        assert client.post("/api/login", json={"name": "binh", "password": "wrong password"}).status_code == 401
    blocked = client.post("/api/login", json={"name": "binh", "password": "correct horse battery"})
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0


def test_an_unsafe_request_without_the_csrf_token_is_refused(client, dossier):
    del client.headers["X-CSRF-Token"]
    answer = client.post(f"/api/dossiers/{dossier}/comments", json={"text": "Ý kiến."})
    assert answer.status_code == 403


def test_answers_forbid_framing_and_sniffing(client):
    headers = client.get("/api/docs").headers
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"


def test_a_forged_csrf_token_is_refused(client, dossier):
    client.headers["X-CSRF-Token"] = "forged"
    assert client.post(f"/api/dossiers/{dossier}/comments", json={"text": "Ý kiến."}).status_code == 403


def test_a_non_member_gets_404_for_the_dossier_and_all_it_holds(client, other_client, make_user, dossier):
    make_user("chi")
    login(other_client, "chi")
    assert other_client.get("/api/dossiers").json() == []
    for url in ("", "/outline", "/comments", "/problems", "/draft", "/history", "/exports",
                "/sections/I/preview"):
        assert other_client.get(f"/api/dossiers/{dossier}{url}").status_code == 404, url
    assert other_client.post(f"/api/dossiers/{dossier}/comments", json={"text": "x"}).status_code == 404
    assert other_client.get("/api/dossiers/999999").status_code == 404


def test_a_reviewer_adds_comments_with_quotes_and_nothing_else(client, other_client, make_user, dossier):
    make_user("dung", "reviewer")
    assert client.post(f"/api/dossiers/{dossier}/members", json={"name": "dung", "role": "reviewer"}).status_code == 200
    login(other_client, "dung")
    added = other_client.post(f"/api/dossiers/{dossier}/comments",
                              json={"section": "II.3.b", "quote": "tỷ lệ khen thưởng", "text": "Nên bỏ."})
    assert added.status_code == 201 and added.json()["by"] == "dung"
    key, version = added.json()["key"], added.json()["version"]
    assert other_client.put(f"/api/dossiers/{dossier}/comments/{key}",
                            json={"version": version, "decision": "noted", "response": "x"}).status_code == 403
    assert other_client.post(f"/api/dossiers/{dossier}/comments",
                             json={"text": "x", "decision": "accepted"}).status_code == 403
    assert other_client.post(f"/api/dossiers/{dossier}/exports", json={}).status_code == 403


def test_a_viewer_reads_but_cannot_comment(client, other_client, make_user, dossier):
    make_user("em", "viewer")
    client.post(f"/api/dossiers/{dossier}/members", json={"name": "em", "role": "viewer"})
    login(other_client, "em")
    assert other_client.get(f"/api/dossiers/{dossier}/outline").status_code == 200
    assert other_client.post(f"/api/dossiers/{dossier}/comments", json={"text": "x"}).status_code == 403


def test_a_viewer_account_cannot_be_made_a_dossier_s_editor(client, make_user, dossier):
    make_user("em", "viewer")
    assert client.post(f"/api/dossiers/{dossier}/members", json={"name": "em", "role": "editor"}).status_code == 422


def test_a_reviewer_account_cannot_create_a_dossier(other_client, make_user, example_draft):
    make_user("dung", "reviewer")
    login(other_client, "dung")
    assert create_dossier(other_client, example_draft).status_code == 403


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (64 * 1024 * 1024))
    return buffer.getvalue()


def test_a_zip_bomb_upload_is_refused_and_nothing_is_stored(client, make_user):
    make_user("an")
    login(client, "an")
    answer = client.post("/api/dossiers", files={"file": ("bomb.docx", _zip_bomb(), DOCX)})
    assert answer.status_code == 422 and "zip bomb" in answer.text
    assert "/tmp" not in answer.text and "bomb.docx" in answer.text
    assert client.get("/api/dossiers").json() == []


def test_a_broken_doc_upload_is_refused_in_the_cli_s_words(client, make_user, tmp_path):
    from drafting.errors import InputError
    from drafting.reader import read_draft

    make_user("an")
    login(client, "an")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048
    (tmp_path / "cu.doc").write_bytes(ole)
    with pytest.raises(InputError) as cli:
        read_draft(tmp_path / "cu.doc")
    answer = client.post("/api/dossiers", files={"file": ("cu.doc", ole, "application/msword")})
    assert answer.status_code == 422 and str(cli.value.problems[0]).split(": ", 1)[1] in answer.text


@pytest.mark.parametrize("name", ["../evil.docx", "a/../../evil.docx", "..\\evil.docx", ".hidden.docx"])
def test_an_upload_whose_name_could_be_a_path_is_refused(client, make_user, example_draft, name):
    make_user("an")
    login(client, "an")
    assert create_dossier(client, example_draft, name).status_code == 422


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "{{ 7*7 }} {% if %}", "<img src=x onerror=alert(1)>"])
def test_hostile_comment_text_comes_back_as_text_and_escaped_in_html(client, dossier, text, tmp_path):
    added = client.post(f"/api/dossiers/{dossier}/comments",
                        json={"section": "II.3.b", "text": text, "by": "X"})
    assert added.status_code == 201
    assert added.json()["text"] == text
    key = added.json()["key"]
    saved = client.put(f"/api/dossiers/{dossier}/comments/{key}",
                       json={"version": 1, "decision": "accepted", "response": text,
                             "edits": [{"insert": f" {text}", "after": "theo năm"}]})
    assert saved.status_code == 200, saved.text
    html = client.get(f"/api/dossiers/{dossier}/sections/II.3.b/preview").json()["html"]
    assert "<script>" not in html and "<img" not in html and escape(text, quote=False) in html
    export = client.post(f"/api/dossiers/{dossier}/exports", json={}).json()
    table = client.get(f"/api/dossiers/{dossier}/exports/{export['id']}/du-thao-chi-thi.responses.html").text
    assert "<script>" not in table and "<img src=x" not in table
    if "{{" in text:
        assert "49" not in html and "{{ 7*7 }}" in table


def test_the_api_docs_page_lists_the_endpoints_without_outside_assets(client):
    page = client.get("/api/docs").text
    assert "/api/dossiers/{dossier_id}/comments/{key}" in page
    assert "<script" not in page and "//" not in page.replace("https://", "").split("<body>")[1]


def test_a_marked_up_word_copy_brings_its_comments(client, dossier, example_draft, tmp_path):
    from docx import Document

    copy = Document(str(example_draft))
    paragraph = next(p for p in copy.paragraphs if "tỷ lệ khen thưởng theo năm" in p.text)
    copy.add_comment(paragraph.runs[0], text="Đề nghị bỏ ý này.", author="Võ Văn Dũng", initials="VD")
    marked = tmp_path / "y-kien-so-noi-vu.docx"
    copy.save(str(marked))
    answer = import_files(client, dossier, marked)
    assert answer.status_code == 200, answer.text
    got = client.get(f"/api/dossiers/{dossier}/comments").json()
    assert any(c["by"] == "Võ Văn Dũng" and c["text"] == "Đề nghị bỏ ý này." for c in got)
