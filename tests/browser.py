"""Chromium driven by Selenium (Debian's chromium and chromium-driver), for the tests that fill in
the offline HTML form as a person does."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from .conftest import require


def start_chrome(downloads: Path) -> Any:
    """A headless Chromium that saves downloads into ``downloads`` and keeps its console log."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    require(browser is not None, "chromium (apt-get install chromium)")
    require(driver_path is not None, "chromedriver (apt-get install chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(argument)
    options.binary_location = str(browser)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(options=options, service=Service(str(driver_path)))
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    return driver


def opened(chrome: Any, page: Path) -> Any:
    """The page, fresh: what an earlier test kept in the browser is forgotten."""
    chrome.get(page.as_uri())
    chrome.execute_script("window.localStorage.clear()")
    chrome.get(page.as_uri())
    chrome.get_log("browser")  # start with an empty console
    return chrome


def type_into(chrome: Any, element_id: str, text: str) -> None:
    from selenium.webdriver.common.by import By

    field = chrome.find_element(By.ID, element_id)
    field.clear()
    field.send_keys(text)


def click(chrome: Any, element_id: str) -> None:
    chrome.execute_script(f"document.getElementById({element_id!r}).click()")


def shown_questions(chrome: Any) -> list[str]:
    return list(
        chrome.execute_script(
            "return Array.from(document.querySelectorAll('fieldset[data-question]'))"
            ".filter(f => !f.hidden).map(f => f.getAttribute('data-question'))"
        )
    )
