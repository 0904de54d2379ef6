"""The workspace's pages in Debian's Chromium (headless, through Selenium),
against a real `drafting serve` process on 127.0.0.1 and SQLite: the whole job
of a clerk, a reviewer's part, hostile comment text, a phone-sized window."""
from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path
from typing import Iterator

import httpx
import pytest
from browser import (downloaded, quit_chrome, screenshot, select_words, sign_in, start_chrome, text_in,
                     visible, wait)
from support.workspace import DOCX, PASSWORD
from test_workspace_server import DRAFTING, Server

from drafting.workspace.db import database_url

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "thi-dua-khen-thuong" / "du-thao-chi-thi.docx"
USERS = {"an": "editor", "binh": "editor", "rv": "reviewer"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("browser-data")
    url = database_url(None, data)
    for name, role in USERS.items():
        added = subprocess.run([*DRAFTING, "users", "add", name, "--role", role, "--db", url],
                               input=PASSWORD + "\n", capture_output=True, text=True, timeout=120)
        assert added.returncode == 0, added.stderr
    running = Server(url, data)
    yield running
    running.stop()


@pytest.fixture
def browsers(chromium, tmp_path):
    """Start Chromium windows (`browsers(width, height)`); all quit at the end."""
    started = []

    def start(width: int = 1280, height: int = 800):
        folder = tmp_path / f"downloads-{len(started)}"
        folder.mkdir()
        driver = start_chrome(chromium, folder, width, height)
        driver.downloads = folder
        started.append(driver)
        return driver
    yield start
    for driver in started:
        quit_chrome(driver)


@contextlib.contextmanager
def api_client(server, name: str = "an") -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        answer = client.post("/api/login", json={"name": name, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        client.headers["X-CSRF-Token"] = answer.json()["csrf"]
        yield client


def api_dossier(client: httpx.Client, *comments: dict) -> int:
    made = client.post("/api/dossiers", files={"file": (EXAMPLE.name, EXAMPLE.read_bytes(), DOCX)})
    assert made.status_code == 201, made.text
    for comment in comments:
        assert client.post(f"/api/dossiers/{made.json()['id']}/comments", json=comment).status_code == 201
    return made.json()["id"]


def feedback_sheet(folder: Path) -> Path:
    """The blank sheet `drafting comments sheet` writes, filled in as a delegate would."""
    import openpyxl

    sheet = folder / "gop-y-so-tu-phap.xlsx"
    made = subprocess.run([*DRAFTING, "comments", "sheet", str(EXAMPLE), "-o", str(sheet)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    book = openpyxl.load_workbook(sheet)
    rows = book.worksheets[0]
    rows.append([1, "Nguyễn Văn An", "Sở Tư pháp", "II.1.a", "tránh phô trương, hình thức",
                 "Nên nêu rõ hơn yêu cầu chống hình thức."])
    rows.append([2, "Trần Thị Bình", "Sở Tài chính", "chung", None, "Dự thảo cần ngắn gọn hơn."])
    book.save(sheet)
    return sheet


def marked_copy(folder: Path) -> Path:
    """The draft with a delegate's Word comment on a phrase of II.3.a (python-docx)."""
    import docx

    document = docx.Document(str(EXAMPLE))
    paragraph = next(p for p in document.paragraphs if "ưu tiên khen thưởng người lao động" in p.text)
    document.add_comment(paragraph.runs, text="Cần bổ sung khen thưởng đột xuất.", author="Lê Văn Cường",
                         initials="LVC")
    path = folder / "ban-gop-y-cuong.docx"
    document.save(str(path))
    return path


def card_of(driver, by: str):
    from selenium.webdriver.common.by import By

    return next(c for c in driver.find_elements(By.CSS_SELECTOR, ".comment")
                if c.find_element(By.CSS_SELECTOR, ".by").text == by)


def test_a_clerk_does_the_whole_job_in_the_browser(server, browsers, tmp_path, soffice):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    from support.libreoffice import review

    shots = tmp_path / "screenshots"
    an = browsers()
    sign_in(an, server.url, "an", PASSWORD)
    # a dossier from the example draft
    an.find_element(By.ID, "new-file").send_keys(str(EXAMPLE))
    an.find_element(By.ID, "create-submit").click()
    wait(an, lambda d: d.current_url.split("/")[-1].isdigit())
    dossier = an.current_url.rstrip("/").split("/")[-1]
    # the sheet and a marked-up copy, uploaded together
    an.get(f"{server.url}/dossiers/{dossier}/files")
    an.find_element(By.ID, "import-files").send_keys(f"{feedback_sheet(tmp_path)}\n{marked_copy(tmp_path)}")
    an.find_element(By.ID, "import-submit").click()
    text_in(an, "#import-summary", "Đã nhập: 3 góp ý mới")
    assert an.find_element(By.ID, "import-progress").get_attribute("value") == "100"
    screenshot(an, shots, "imports")

    # decide the sheet's comment by selecting words in II.1.a and replacing them
    an.get(f"{server.url}/dossiers/{dossier}")
    assert an.execute_script("return document.documentElement.scrollWidth") <= 1280
    card = card_of(an, "Nguyễn Văn An")
    card.find_element(By.NAME, "response").send_keys("Tiếp thu, nêu rõ yêu cầu chống lãng phí.")
    select_words(an, "II.1.a", "phô trương, hình thức")
    form = visible(an, '.sec[data-section="II.1.a"] #editform')
    assert form.find_element(By.NAME, "selection").get_attribute("value") == "phô trương, hình thức"
    Select(form.find_element(By.NAME, "kind")).select_by_value("replace")
    form.find_element(By.NAME, "new_text").send_keys("phô trương, hình thức, lãng phí")
    form.find_element(By.CSS_SELECTOR, ".add-edit").click()
    text_in(an, f'#{card.get_attribute("id")} .status', "Đã lưu")
    redline = visible(an, '.sec[data-section="II.1.a"] .redline')
    assert "lãng phí" in redline.find_element(By.TAG_NAME, "ins").text
    assert card.get_attribute("data-decision") == "accepted"
    an.execute_script("arguments[0].scrollIntoView({block: 'start'})",
                      an.find_element(By.CSS_SELECTOR, '.sec[data-section="II.1.a"]'))
    screenshot(an, shots, "dossier")

    # the marked copy's comment, with the keyboard: j to the next pending, 4 = Ghi nhận
    an.find_element(By.TAG_NAME, "body").send_keys("j")
    focused = an.switch_to.active_element
    assert focused.get_attribute("data-decision") == "pending"
    focused.send_keys("4")
    assert Select(focused.find_element(By.NAME, "decision")).first_selected_option.get_attribute("value") == "noted"

    # a second editor, invited from the page, opens the same comment; the first saves before them
    an.find_element(By.CSS_SELECTOR, "#invite input[name=member]").send_keys("binh")
    Select(an.find_element(By.CSS_SELECTOR, "#invite select[name=role]")).select_by_value("editor")
    an.find_element(By.CSS_SELECTOR, "#invite button").click()
    text_in(an, "#invite ul", "binh")
    binh = browsers()
    sign_in(binh, server.url, "binh", PASSWORD)
    binh.get(f"{server.url}/dossiers/{dossier}")
    an.refresh()
    for driver, response in ((an, "Ghi nhận ý kiến."), (binh, "Ghi nhận; dự thảo sẽ được rút gọn.")):
        general = card_of(driver, "Trần Thị Bình")
        Select(general.find_element(By.NAME, "decision")).select_by_value("noted")
        general.find_element(By.NAME, "response").send_keys(response)
        general.find_element(By.CSS_SELECTOR, ".save").click()
        if driver is an:
            text_in(an, f'#{general.get_attribute("id")} .status', "Đã lưu")
    conflict = visible(binh, f'#{general.get_attribute("id")} .conflict')
    assert "Ghi nhận ý kiến." in conflict.find_element(By.CSS_SELECTOR, ".theirs").text
    screenshot(binh, shots, "conflict")
    conflict.find_element(By.CSS_SELECTOR, ".keep-mine").click()
    text_in(binh, f'#{general.get_attribute("id")} .status', "Đã lưu")
    with api_client(server) as client:
        saved = client.get(f"/api/dossiers/{dossier}/comments/{general.get_attribute('data-key')}").json()
    assert saved["response"] == "Ghi nhận; dự thảo sẽ được rút gọn."
    # the first editor, now the stale one, takes the other's version instead
    mine = card_of(an, "Trần Thị Bình")
    mine.find_element(By.NAME, "response").send_keys(" (sửa lại)")
    mine.find_element(By.CSS_SELECTOR, ".save").click()
    visible(an, f'#{mine.get_attribute("id")} .conflict').find_element(By.CSS_SELECTOR, ".take-theirs").click()
    assert mine.find_element(By.NAME, "response").get_attribute("value") == saved["response"]
    assert mine.get_attribute("data-version") == str(saved["version"])
    # the other pending comment: taken as Ghi nhận with its response, saved
    an.refresh()
    pending = card_of(an, "Lê Văn Cường")
    Select(pending.find_element(By.NAME, "decision")).select_by_value("noted")
    pending.find_element(By.NAME, "response").send_keys("Ghi nhận, bổ sung khi hướng dẫn.")
    pending_id = pending.get_attribute("id")
    pending.find_element(By.CSS_SELECTOR, ".save").click()
    text_in(an, f'#{pending_id} .status', "Đã lưu")

    # the table and the summary as pages
    an.get(f"{server.url}/dossiers/{dossier}/table")
    text_in(an, "table.responses", "Tiếp thu, nêu rõ yêu cầu chống lãng phí.")
    screenshot(an, shots, "table")
    an.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not an.find_element(By.CSS_SELECTOR, "header.top").is_displayed()
    assert an.find_element(By.CSS_SELECTOR, "table.responses").is_displayed()
    an.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    an.get(f"{server.url}/dossiers/{dossier}/changes")
    text_in(an, "table.changes", "lãng phí")
    screenshot(an, shots, "changes")

    # export, download, and LibreOffice's reading of the tracked draft
    an.get(f"{server.url}/dossiers/{dossier}/files")
    an.find_element(By.ID, "make-export").click()
    visible(an, ".export")
    screenshot(an, shots, "exports")
    for suffix in (".tracked.docx", ".clean.docx"):
        an.find_element(By.CSS_SELECTOR, f'.export a[href$="{suffix}"]').click()
        downloaded(an.downloads, suffix)
    tracked, clean = downloaded(an.downloads, ".tracked.docx"), downloaded(an.downloads, ".clean.docx")
    (rejected, original), _ = review("reject", [tracked, EXAMPLE], tmp_path)
    assert rejected == original
    (accepted, cleaned), _ = review("accept", [tracked, clean], tmp_path)
    assert accepted == cleaned and any("phô trương, hình thức, lãng phí" in line for line in accepted)
    an.get(f"{server.url}/dossiers")
    screenshot(an, shots, "dossiers")
    assert [e for e in an.get_log("browser") if e["source"] == "javascript"] == []


def test_comment_text_is_shown_literally_and_never_runs(server, browsers):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    hostile = "<img src=x onerror=alert(1)>"
    with api_client(server) as client:
        dossier = api_dossier(client, {"section": "I.1", "text": hostile, "quote": "nhận thức"},
                              {"text": "{{ 7*7 }} <script>alert(2)</script>"})
    driver = browsers()
    sign_in(driver, server.url, "an", PASSWORD)
    driver.get(f"{server.url}/dossiers/{dossier}")
    with pytest.raises(TimeoutException):
        wait(driver, EC.alert_is_present(), timeout=2)
    texts = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".comment .ctext")]
    assert hostile in texts and "{{ 7*7 }} <script>alert(2)</script>" in texts
    assert not driver.find_elements(By.CSS_SELECTOR, ".comment img, .comment script")


def test_a_reviewer_sees_the_draft_and_adds_quoted_comments_only(server, browsers, tmp_path):
    from selenium.webdriver.common.by import By

    with api_client(server) as client:
        dossier = api_dossier(client, {"section": "I.2", "text": "Ý kiến có sẵn."})
        assert client.post(f"/api/dossiers/{dossier}/members", json={"name": "rv", "role": "reviewer"}).status_code == 200
    driver = browsers()
    sign_in(driver, server.url, "rv", PASSWORD)
    driver.get(f"{server.url}/dossiers/{dossier}")
    assert "tầng lớp nhân dân" in driver.find_element(By.CSS_SELECTOR, '.text[data-section="I.1"]').text
    assert not driver.find_elements(By.CSS_SELECTOR, "select[name=decision], form.editform, form.decide, #invite")
    select_words(driver, "I.1", "các tầng lớp nhân dân")
    form = visible(driver, '.sec[data-section="I.1"] #commentform')
    assert form.find_element(By.NAME, "quote").get_attribute("value") == "các tầng lớp nhân dân"
    form.find_element(By.NAME, "text").send_keys("Nên nêu cả doanh nghiệp.")
    form.find_element(By.CSS_SELECTOR, ".add-comment").click()
    text_in(driver, '.sec[data-section="I.1"] .sec-comments', "Nên nêu cả doanh nghiệp.")
    card = card_of(driver, "rv")
    assert card.find_element(By.CSS_SELECTOR, ".quote").text == "các tầng lớp nhân dân"
    screenshot(driver, tmp_path / "screenshots", "reviewer")
    refused = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch(`/api/dossiers/${arguments[0]}/comments/${arguments[1]}`, {method: "PUT",
              headers: {"Content-Type": "application/json", "X-CSRF-Token": document.body.dataset.csrf},
              body: JSON.stringify({version: 1, decision: "noted", response: "x"})}).then(r => done(r.status));
    """, dossier, card.get_attribute("data-key"))
    assert refused == 403
    driver.get(f"{server.url}/dossiers/{dossier}/files")
    assert not driver.find_elements(By.CSS_SELECTOR, "#import-form, #make-export")


def test_the_pages_fit_a_phone_and_switch_to_english(server, browsers, tmp_path):
    from selenium.webdriver.common.by import By

    with api_client(server) as client:
        dossier = api_dossier(client, {"section": "I.1", "text": "Một góp ý.", "quote": "nhận thức"})
    driver = browsers(390, 844)
    sign_in(driver, server.url, "an", PASSWORD)
    for page in (f"/dossiers/{dossier}", f"/dossiers/{dossier}/table", "/dossiers"):
        driver.get(server.url + page)
        width = driver.execute_script("return window.innerWidth")
        assert width == 390
        assert driver.execute_script("return document.documentElement.scrollWidth") <= width, page
    driver.get(f"{server.url}/dossiers/{dossier}")
    assert driver.find_element(By.CSS_SELECTOR, ".tree h2").text == "Mục lục"
    screenshot(driver, tmp_path / "screenshots", "phone")
    driver.find_element(By.ID, "lang-switch").click()
    text_in(driver, ".tree h2", "Sections")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert driver.find_element(By.CSS_SELECTOR, ".comment select[name=decision] option").text == "Accepted"
    screenshot(driver, tmp_path / "screenshots", "phone-en")
    unnamed = driver.execute_script("""
        return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href]')]
          .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim())
          .map(e => e.outerHTML.slice(0, 80));""")
    assert unnamed == []


def test_an_edit_that_conflicts_shows_check_s_problem_beside_it(server, browsers):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    with api_client(server) as client:
        dossier = api_dossier(client, {"section": "I.1", "by": "Hà", "text": "Sửa chữ này."},
                              {"section": "I.1", "by": "Lan", "text": "Bỏ chữ này."})
        first, second = client.get(f"/api/dossiers/{dossier}/comments").json()
    driver = browsers()
    sign_in(driver, server.url, "an", PASSWORD)
    driver.get(f"{server.url}/dossiers/{dossier}")
    for key, kind, response in ((first["key"], "replace", "Tiếp thu."), (second["key"], "delete", "Tiếp thu, bỏ.")):
        driver.find_element(By.CSS_SELECTOR, f"#comment-{key} textarea[name=response]").send_keys(response)
        select_words(driver, "I.1", "mạnh mẽ")
        form = visible(driver, '.sec[data-section="I.1"] #editform')
        Select(form.find_element(By.NAME, "kind")).select_by_value(kind)
        Select(form.find_element(By.NAME, "comment")).select_by_value(str(key))
        form.find_element(By.NAME, "new_text").send_keys("thật sự")
        form.find_element(By.CSS_SELECTOR, ".add-edit").click()
        text_in(driver, f"#comment-{key} .status", "Đã lưu")
    with api_client(server) as client:
        checked = client.get(f"/api/dossiers/{dossier}/problems").json()["problems"]
    assert checked, "two edits of the same words are a conflict"
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".sec[data-section='I.1'] .sec-problems .problem"))
    shown = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".sec[data-section='I.1'] .sec-problems .problem")]
    assert {p["text"] for p in checked} <= set(shown), shown
    beside = driver.find_elements(By.CSS_SELECTOR, f"#comment-{second['key']} .problems .problem")
    assert beside and beside[0].text in {p["text"] for p in checked if p["comment"] == second["id"]}
