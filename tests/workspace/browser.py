"""Driving Debian's Chromium headless through Selenium and /usr/bin/chromedriver
for the browser tests: a fresh profile per browser, bounded waits, screenshots.

Missing chromium or chromedriver is a skip locally and a failure under CI=true.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS_SCREENSHOT = ROOT / "docs" / "workspace-dossier.png"
UPDATE_DOCS = "DRAFTING_UPDATE_SCREENSHOT"      # =1: the dossier page's screenshot also goes to docs/
WAIT = 30.0
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run")


def start_chrome(tools: tuple[str, str], downloads: Path, width: int = 1280, height: int = 800):
    """A headless Chromium (`tools`: its binary and chromedriver, from the `chromium` fixture)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    binary, driver_path = tools
    options = Options()
    options.binary_location = binary
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="drafting-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument("--lang=vi")
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    if width < 500:         # a desktop window is never that narrow: emulate the phone's viewport
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
    driver.profile_dir = profile
    return driver


def quit_chrome(driver) -> None:
    driver.quit()
    shutil.rmtree(driver.profile_dir, ignore_errors=True)


def wait(driver, condition, timeout: float = WAIT):
    """`condition` awaited; an element the page replaced while it was being read
    (stale, or "does not belong to the document") is looked for again."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, ignored_exceptions=(StaleElementReferenceException, WebDriverException)
                         ).until(condition)


def visible(driver, css: str, timeout: float = WAIT):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    return wait(driver, EC.visibility_of_element_located((By.CSS_SELECTOR, css)), timeout)


def text_in(driver, css: str, text: str, timeout: float = WAIT):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC

    return wait(driver, EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text), timeout)


def sign_in(driver, base: str, name: str, password: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base}/login")
    driver.find_element(By.ID, "login-name").send_keys(name)
    driver.find_element(By.ID, "login-password").send_keys(password)
    driver.find_element(By.ID, "login-submit").click()
    wait(driver, lambda d: d.current_url.rstrip("/").endswith("/dossiers"))


SELECT = """
const [section, words] = arguments;
const box = document.querySelector(`.text[data-section="${section}"]`);
const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const at = node.data.indexOf(words);
  if (at < 0) continue;
  const range = document.createRange();
  range.setStart(node, at);
  range.setEnd(node, at + words.length);
  const chosen = window.getSelection();
  chosen.removeAllRanges();
  chosen.addRange(range);
  box.scrollIntoView({block: "center"});
  box.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
  return true;
}
return false;
"""


def select_words(driver, section: str, words: str) -> None:
    """Select `words` in the section's text as a user dragging over them would."""
    assert driver.execute_script(SELECT, section, words), f"{words!r} not in section {section}"


def screenshot(driver, folder: Path, name: str) -> Path:
    """The page as shown, as `folder/name.png`; the dossier page's also as the
    README's image when DRAFTING_UPDATE_SCREENSHOT=1."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert driver.save_screenshot(str(path))
    if name == "dossier" and os.environ.get(UPDATE_DOCS) == "1":
        DOCS_SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, DOCS_SCREENSHOT)
    return path


def downloaded(folder: Path, suffix: str, timeout: float = WAIT) -> Path:
    """The finished download whose name ends with `suffix`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(f"*{suffix}") if not p.name.endswith(".crdownload")]
        if done and not list(folder.glob("*.crdownload")):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no download ending {suffix} in {folder}: {sorted(p.name for p in folder.iterdir())}")
