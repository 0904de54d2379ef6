"""The workspace's pages through the ASGI app: who sees what, what each page
shows (from the same services as the API), escaping, language, JSON links."""
from __future__ import annotations

import html
import re

import pytest
from support.workspace import PASSWORD, create_dossier, import_files, login


@pytest.fixture
def dossier(client, make_user, example_draft, example_feedback) -> int:
    make_user("an")
    login(client, "an")
    made = create_dossier(client, example_draft).json()["id"]
    assert import_files(client, made, example_feedback).status_code == 200
    return made


def test_a_page_without_a_session_sends_to_the_login_page(client):
    answer = client.get("/dossiers/1?pending=true", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/dossiers/1%3Fpending%3Dtrue"


def test_the_login_form_signs_in_and_goes_back_where_the_user_was(client, make_user):
    make_user("an")
    answer = client.post("/login", data={"name": "an", "password": PASSWORD, "next": "/dossiers/7"},
                         follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/dossiers/7"
    assert "httponly" in answer.headers["set-cookie"].lower()


def test_a_wrong_password_shows_the_login_page_again_with_a_vietnamese_message(client, make_user):
    make_user("an")
    answer = client.post("/login", data={"name": "an", "password": "wrong password"})
    assert answer.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu." in answer.text


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "javascript:alert(1)"])
def test_the_login_form_never_sends_the_user_off_the_site(client, make_user, target):
    make_user("an")
    answer = client.post("/login", data={"name": "an", "password": PASSWORD, "next": target},
                         follow_redirects=False)
    assert answer.headers["location"] == "/dossiers"


def test_a_dossier_page_is_not_found_for_someone_not_a_member(client, dossier, make_user, other_client):
    make_user("mai")
    login(other_client, "mai")
    for page in ("", "/table", "/changes", "/files"):
        assert other_client.get(f"/dossiers/{dossier}{page}").status_code == 404


def test_the_dossier_page_shows_the_sections_with_their_comments_general_ones_first(client, dossier):
    page = client.get(f"/dossiers/{dossier}").text
    comments = client.get(f"/api/dossiers/{dossier}/comments").json()
    general = page.index('id="general"')
    assert general < page.index('class="sec" id="section-1"')
    for comment in comments:
        at = page.index(f'id="comment-{comment["key"]}"')
        home = page.rindex('<section class="sec"', 0, at)
        if comment.get("section"):
            assert page[home:at].count(f'data-section="{comment["section"]}"') >= 1
        else:
            assert home == page.rindex('<section class="sec"', 0, general + 1)


def test_the_counts_by_decision_are_the_dossiers(client, dossier):
    page = client.get(f"/dossiers/{dossier}").text
    counts = client.get(f"/api/dossiers/{dossier}").json()["by_decision"]
    shown = dict(re.findall(r'<span class="badge ([a-z-]+)">[^<:]+: (\d+)</span>', page))
    assert {k: int(v) for k, v in shown.items() if int(v)} == counts


def test_near_duplicate_comments_are_marked_as_one_group(client, dossier):
    for opening in ("Cần", "Đề nghị"):
        said = f"{opening} bổ sung chế độ khen thưởng đột xuất cho người lao động trực tiếp sản xuất."
        assert client.post(f"/api/dossiers/{dossier}/comments", json={"section": "II.3.a", "text": said}).status_code == 201
    groups = [g for g in client.get(f"/api/dossiers/{dossier}/problems").json()["groups"] if len(g) > 1]
    page = client.get(f"/dossiers/{dossier}").text
    assert groups
    for group in groups:
        assert page.count(f'≈ {", ".join(group)}') == len(group)
        assert page.count(f'class="join" data-target="{group[0]}"') == len(group) - 1    # "one row with …"


def test_the_pending_filter_shows_only_pending_comments(client, dossier):
    comments = client.get(f"/api/dossiers/{dossier}/comments").json()
    first = comments[0]
    client.put(f"/api/dossiers/{dossier}/comments/{first['key']}",
               json={"version": first["version"], "decision": "pending"})
    pending = {c["key"] for c in client.get(f"/api/dossiers/{dossier}/comments?decision=pending").json()}
    page = client.get(f"/dossiers/{dossier}?pending=true").text
    assert set(map(int, re.findall(r'data-key="(\d+)"', page))) == pending


def test_the_delegate_filter_shows_only_their_comments(client, dossier):
    by = client.get(f"/api/dossiers/{dossier}/comments").json()[0]["by"]
    theirs = {c["key"] for c in client.get(f"/api/dossiers/{dossier}/comments", params={"by": by}).json()}
    page = client.get(f"/dossiers/{dossier}", params={"by": by}).text
    assert set(map(int, re.findall(r'data-key="(\d+)"', page))) == theirs


def test_comment_text_is_escaped_and_never_a_template(client, dossier):
    text = "<script>alert(1)</script> {{ 7*7 }} & {% raw %}"
    assert client.post(f"/api/dossiers/{dossier}/comments", json={"text": text}).status_code == 201
    page = client.get(f"/dossiers/{dossier}").text
    assert "<script>alert(1)" not in page
    assert html.escape(text, quote=False).replace("'", "&#39;") in page.replace("&#34;", '"')


def test_a_reviewer_gets_no_decision_controls(client, dossier, make_user, other_client):
    make_user("rv", "reviewer")
    client.post(f"/api/dossiers/{dossier}/members", json={"name": "rv", "role": "reviewer"})
    login(other_client, "rv")
    page = other_client.get(f"/dossiers/{dossier}").text
    assert 'name="decision"' not in page and 'id="editform"' not in page and 'id="commentform"' in page
    files = other_client.get(f"/dossiers/{dossier}/files").text
    assert 'id="import-form"' not in files and 'id="make-export"' not in files


def test_the_language_switch_turns_the_pages_english(client, dossier):
    assert 'lang="vi"' in client.get("/dossiers").text
    answer = client.get(f"/lang/en?next=/dossiers/{dossier}")
    assert answer.url.path == f"/dossiers/{dossier}"
    assert 'lang="en"' in answer.text and "General comments" in answer.text and ">Accepted<" in answer.text


def test_every_page_links_its_json(client, dossier):
    for page, api in ((f"/dossiers", "/api/dossiers"), (f"/dossiers/{dossier}", f"/api/dossiers/{dossier}"),
                      (f"/dossiers/{dossier}/table", f"/api/dossiers/{dossier}/table"),
                      (f"/dossiers/{dossier}/changes", f"/api/dossiers/{dossier}/changes"),
                      (f"/dossiers/{dossier}/files", f"/api/dossiers/{dossier}/exports")):
        assert f'href="{api}' in client.get(page).text, page


def test_the_table_and_summary_pages_show_what_the_services_compute(client, dossier):
    table = client.get(f"/api/dossiers/{dossier}/table").json()
    page = html.unescape(client.get(f"/dossiers/{dossier}/table").text)
    for group in table["groups"]:
        assert group["heading"] in page
        for row in group["rows"]:
            for answer in row["answers"]:
                assert answer["label"] + answer["rest"] in page.replace("</strong>", "").replace("<strong>", "")
    changes = client.get(f"/api/dossiers/{dossier}/changes").json()["changes"]
    summary = html.unescape(client.get(f"/dossiers/{dossier}/changes").text)
    assert changes and all((c["after"] or "") in summary for c in changes)


def test_every_word_of_the_pages_exists_in_both_languages():
    from drafting.workspace.i18n import MESSAGES, SCRIPT_WORDS

    assert MESSAGES["vi"].keys() == MESSAGES["en"].keys()
    assert SCRIPT_WORDS["vi"].keys() == SCRIPT_WORDS["en"].keys()
