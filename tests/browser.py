#!/usr/bin/env python3
"""appeal serve in a real browser: Debian's headless Chromium, driven by
Selenium through chromedriver (python3-selenium, chromium-driver; nothing
is downloaded). Loads the page, checks it has no console errors (a CSP
violation would be one), goes through it with the keyboard, fills it, draws
a signature with the mouse, submits and receives the PDF.

Usage: browser.py APPEAL DATA_DIR [--screenshots DIR]
With --screenshots, also saves the page at phone and desktop widths
(docs/serve-*.png are made this way)."""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    sys.exit("missing: python3-selenium (tools/install-deps installs it)")

passed = failed = 0


def check(what, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {what}", file=sys.stderr)
    return ok


def need(*tools):
    for t in tools:
        if not shutil.which(t):
            sys.exit(f"missing tool: {t} (tools/install-deps installs it)")


def start_server(appeal, *args):
    proc = subprocess.Popen([appeal, "serve", "--port", "0", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    for line in proc.stdout:
        m = re.search(r"http://127\.0\.0\.1:\d+/", line)
        if m:
            return proc, m.group(0)
    sys.exit("appeal serve did not start: " + proc.stderr.read())


def browser(tmp):
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={tmp}/profile", "--lang=en-GB"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    opts.add_experimental_option("prefs", {"intl.accept_languages": "en-GB,en"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": f"{tmp}/downloads"})
    return driver


def wait_for_download(folder, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        done = [f for f in os.listdir(folder) if f.endswith(".pdf")]
        if done and not any(f.endswith(".crdownload") for f in os.listdir(folder)):
            return os.path.join(folder, done[0])
        time.sleep(0.1)
    return None


def draw(driver, pad):
    """A handwriting-like line of loops (a prolate cycloid), with the mouse."""
    import math
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", pad)
    w, h = pad.size["width"], pad.size["height"]
    points = []
    for i in range(170):
        t = i * 0.3
        x = -w * 0.3 + w * 0.0118 * t - w * 0.022 * math.sin(t)
        y = h * 0.14 * math.cos(t) * (1 - 0.45 * math.sin(t / 7) ** 2) - h * 0.06 * math.sin(t / 9)
        points.append((int(x), int(y)))
    moves = ActionChains(driver).move_to_element_with_offset(pad, *points[0]).click_and_hold()
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if (x1, y1) != (x0, y0):
            moves.move_by_offset(x1 - x0, y1 - y0)
    moves.release().perform()


def screenshot(driver, url, path, width, height, scale, fill):
    """The page at a given width, whole, as a person would see it after
    filling it in (fill: name, city, note, draw or not)."""
    metrics = {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.get(url)
    name, city, note, sign = fill
    driver.find_element(By.ID, "name").send_keys(name)
    driver.find_element(By.ID, "city").send_keys(city)
    driver.find_element(By.ID, "note").send_keys(note)
    status = driver.find_element(By.ID, "note-status")
    WebDriverWait(driver, 10).until(lambda d: "page" in status.text)
    if sign:
        draw(driver, driver.find_element(By.ID, "pad"))
    driver.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    full = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", dict(metrics, height=max(height, full)))
    time.sleep(0.3)
    driver.save_screenshot(path)
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def console_errors(driver):
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")
            and "favicon.ico" not in e["message"]]


def main():
    appeal, data = sys.argv[1], sys.argv[2]
    shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
    need("chromium", "chromedriver", "pdftotext", "pdfimages")
    tmp = tempfile.mkdtemp()
    os.makedirs(f"{tmp}/downloads")
    server, url = start_server(appeal)
    driver = None
    try:
        driver = browser(tmp)
        driver.set_window_size(1280, 1000)
        driver.get(url)
        check("the page loads", "Release persons arbitrarily detained" in driver.title)
        check("the page has a language", driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
        check("the signature pad is shown with the script", driver.find_element(By.ID, "pad").is_displayed())

        # The keyboard reaches every field in order, from the top of the page.
        driver.get(url)
        seen = []
        for _ in range(14):
            ActionChains(driver).send_keys(Keys.TAB).perform()
            el = driver.switch_to.active_element
            seen.append(el.get_attribute("id") or el.tag_name)
        order = [x for x in seen if x in ("name", "city", "lang", "note", "clear", "signature")]
        check(f"the keyboard goes through the fields in order ({seen})",
              order[:6] == ["name", "city", "lang", "note", "clear", "signature"])

        name = driver.find_element(By.ID, "name")
        name.send_keys("Ana Pérez")
        driver.find_element(By.ID, "city").send_keys("Mérida")
        Select(driver.find_element(By.ID, "lang")).select_by_value("es")
        note = driver.find_element(By.ID, "note")
        note.send_keys("Pienso en estas familias cada día.")
        status = driver.find_element(By.ID, "note-status")
        WebDriverWait(driver, 10).until(lambda d: "one page" in status.text)
        check("the counter counts characters", status.text.startswith("34 characters"))
        check("the counter says the letter fits", "fits on one page" in status.text)

        # Long words of one's own: the counter warns, then says it spills.
        note.send_keys(" Every family deserves to know the truth about their loved ones." * 14)
        WebDriverWait(driver, 10).until(lambda d: "second" in status.text)
        check("the counter warns of a second page", "second" in status.text)
        note.send_keys(Keys.CONTROL, "a")
        note.send_keys("Pienso en estas familias cada día.")
        try:
            WebDriverWait(driver, 10).until(lambda d: "fits on one page" in status.text)
        except Exception:
            print("status: " + status.text + " note: " + note.get_attribute("value")[:200], file=sys.stderr)
            raise

        # A character the fonts cannot draw is shown where it is, before sending.
        name.clear()
        name.send_keys("中村")
        problem = driver.find_element(By.ID, "name-problem")
        WebDriverWait(driver, 10).until(lambda d: problem.is_displayed())
        check("a name the fonts cannot draw is pointed out live", "U+4E2D" in problem.text)
        name.clear()
        name.send_keys("Ana Pérez")
        WebDriverWait(driver, 10).until(lambda d: not problem.is_displayed())

        # A signature drawn with the mouse.
        draw(driver, driver.find_element(By.ID, "pad"))
        WebDriverWait(driver, 10).until(
            lambda d: d.execute_script("return document.getElementById('signature').files.length") == 1)
        check("the drawing is attached to the form as a PNG",
              driver.execute_script("return document.getElementById('signature').files[0].type") == "image/png")

        # Sent with the keyboard.
        submit = driver.find_element(By.CSS_SELECTOR, "button[type=submit]")
        submit.send_keys(Keys.ENTER)
        pdf = wait_for_download(f"{tmp}/downloads")
        check("the PDF arrives", pdf is not None)
        if pdf:
            check("its name comes from the signer", os.path.basename(pdf) == "letter Ana Pérez.pdf")
            text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
            flat = " ".join(text.split())
            check("the letter has the name", "Ana Pérez" in flat)
            check("the letter has the note", "Pienso en estas familias cada día." in flat)
            check("the letter is in Spanish", "Atentamente," in flat)
            images = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True).stdout
            check("the drawn signature is in the letter",
                  sum(1 for line in images.splitlines() if line.split()[2:3] == ["image"]) == 1)
        check("the page is still there for the next letter", driver.current_url == url)
        errors = console_errors(driver)
        check(f"no console errors (CSP included): {errors}", not errors)

        if shots:
            filled = ("Ana Pérez", "Mérida", "I visited Caracas in 2019 and I think of these families every day.", True)
            screenshot(driver, url, os.path.join(shots, "serve-phone.png"), 390, 844, 2, filled)
            screenshot(driver, url, os.path.join(shots, "serve-desktop.png"), 1280, 900, 1, filled)
    finally:
        if driver:
            driver.quit()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)

    # Stand mode: the thanks page shows nothing of the signer, and leads back to an empty form.
    if failed == 0:
        stand_mode(appeal, shots)
    print(f"CHECK browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


def stand_mode(appeal, shots):
    tmp = tempfile.mkdtemp()
    os.makedirs(f"{tmp}/downloads")
    server, url = start_server(appeal, "--stand", f"{tmp}/stand.csv")
    driver = None
    try:
        driver = browser(tmp)
        driver.get(url)
        check("stand: no signature pad", not driver.find_elements(By.ID, "pad"))
        driver.find_element(By.ID, "name").send_keys("Bea Ruiz")
        driver.find_element(By.ID, "email").send_keys("bea@example.org")
        driver.find_element(By.ID, "consent").send_keys(Keys.SPACE)
        check("stand: the consent box ticks with the keyboard", driver.find_element(By.ID, "consent").is_selected())
        driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(driver, 10).until(lambda d: "/letter" in d.current_url)
        check("stand: thanks", "Thank you" in driver.page_source)
        check("stand: nothing of the signer on the page", "Bea" not in driver.page_source)
        driver.find_element(By.LINK_TEXT, "Next person").click()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "name"))
        check("stand: the next person gets an empty form",
              driver.find_element(By.ID, "name").get_attribute("value") == "")
        driver.back()
        time.sleep(0.5)
        driver.back()
        WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.ID, "name"))
        check("stand: going back does not show the previous signer",
              driver.find_element(By.ID, "name").get_attribute("value") == "")
        rows = open(f"{tmp}/stand.csv", encoding="utf-8").read().splitlines()
        check("stand: the signer is in the file", len(rows) == 2 and rows[1].startswith('"Bea Ruiz"'))
        if shots:
            screenshot(driver, url, os.path.join(shots, "serve-stand-phone.png"), 390, 844, 2, ("", "", "", False))
    finally:
        if driver:
            driver.quit()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
