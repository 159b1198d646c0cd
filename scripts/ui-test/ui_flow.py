#!/usr/bin/env python3
"""Drives Drydock's web UI in headless Debian chromium against live servers, asserting each step.

Run by Tests/CommandsTests/WebUITests.swift with the selenium venv's python (scripts/selenium-venv.sh).
Every step saves a screenshot NN-name.png in UI_SCREENSHOTS and any failure exits 1 with a message.

Environment (all required unless noted):
  UI_BASE_URL            the main server, e.g. http://127.0.0.1:8339 (analyzer workers running)
  UI_QUEUE_URL           a server with DRYDOCK_WORKERS=0 (images stay pending), admin login
  UI_EXPIRY_URL          a server with a short DRYDOCK_UI_SESSION_TTL_SECONDS and a 0 MB maximum image size, admin login
  UI_EXPIRY_TTL          that TTL in seconds
  UI_ADMIN_PASSWORD      the admin password of the three servers
  UI_USER, UI_PASSWORD   a full-control user of the main server
  UI_READONLY_USER, UI_READONLY_PASSWORD   a read-only user of the same account
  UI_REGISTRY            the test registry host:port
  UI_TAG_REPOSITORY, UI_TAG               a repository and tag analyzed with an annotation, then re-analyzed
  UI_REPOSITORY, UI_REPOSITORY_TAGS       a repository and its tags (comma-separated) analyzed as a whole
  UI_DEAD_REGISTRY       a host:port where no registry answers
  UI_SCREENSHOTS         the folder for the screenshots
"""

import base64
import json
import os
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT = 60


class Failure(Exception):
    pass


def env(name):
    value = os.environ.get(name)
    if not value:
        raise Failure(f"environment variable {name} is not set")
    return value


E = {name: env(name) for name in [
    "UI_BASE_URL", "UI_QUEUE_URL", "UI_EXPIRY_URL", "UI_EXPIRY_TTL", "UI_ADMIN_PASSWORD", "UI_USER", "UI_PASSWORD",
    "UI_READONLY_USER", "UI_READONLY_PASSWORD", "UI_REGISTRY", "UI_TAG_REPOSITORY", "UI_TAG", "UI_REPOSITORY",
    "UI_REPOSITORY_TAGS", "UI_DEAD_REGISTRY", "UI_SCREENSHOTS"]}
SHOTS = E["UI_SCREENSHOTS"]
REGISTRY = E["UI_REGISTRY"]
REPO_TAGS = sorted(t for t in E["UI_REPOSITORY_TAGS"].split(",") if t)
step_number = 0


def check(condition, message):
    if not condition:
        raise Failure(message)


# --- the REST API, with Basic auth, for checking what the UI did -------------------------------------------

def rest(method, base, path, user, password, body=None, query=None, expect=(200,)):
    url = base + path + ("?" + urllib.parse.urlencode(query) if query else "")
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        status, text = error.code, error.read().decode()
    if status not in expect:
        raise Failure(f"{method} {path} answered {status} (expected {expect}): {text[:500]}")
    if not text.strip():
        return status, None
    try:
        return status, json.loads(text)
    except ValueError:
        if status in (200,):
            raise
        return status, text  # an expected refusal with a plain-text body


def main_api(method, path, **kw):
    return rest(method, E["UI_BASE_URL"], path, E["UI_USER"], E["UI_PASSWORD"], **kw)[1]


def queue_api(method, path, **kw):
    return rest(method, E["UI_QUEUE_URL"], path, "admin", E["UI_ADMIN_PASSWORD"], **kw)[1]


def poll(what, probe, timeout=WAIT, interval=0.5):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(interval)
    raise Failure(f"timed out after {timeout} s waiting for {what} (last: {last!r})")


def images_of(api, fulltag):
    status_images = api("GET", "/v1/images", query={"fulltag": fulltag}) if fulltag else api("GET", "/v1/images")
    return status_images or []


def image_for(api, fulltag):
    try:
        found = api("GET", "/v1/images", query={"fulltag": fulltag})
    except Failure:
        return None
    return found[0] if found else None


def repo_images(api, registry, repository):
    return [i for i in (api("GET", "/v1/images") or [])
            if any(d["registry"] == registry and d["repo"] == repository for d in i.get("image_detail", []))]


def repo_subscription(api, key):
    subs = api("GET", "/v1/subscriptions", query={"subscription_type": "repo_update", "subscription_key": key}) or []
    return subs[0] if subs else None


# --- the browser ------------------------------------------------------------------------------------------

def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                     "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync",
                     "--disable-component-update", "--disable-default-apps", "--disable-extensions"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    return driver


driver = None
console = []


def shot(name):
    global step_number
    step_number += 1
    path = os.path.join(SHOTS, f"{step_number:02d}-{name}.png")
    driver.save_screenshot(path)
    collect_console()
    print(f"step {step_number:02d} {name}: ok", flush=True)


def collect_console():
    try:
        console.extend(driver.get_log("browser"))
    except WebDriverException:
        pass


def wait(condition, what, timeout=WAIT):
    try:
        return WebDriverWait(driver, timeout, ignored_exceptions=[StaleElementReferenceException]).until(condition)
    except TimeoutException:
        raise Failure(f"timed out after {timeout} s waiting for {what} (at {driver.current_url})")


def css(selector):
    return (By.CSS_SELECTOR, selector)


def tid(name):
    return f'[data-testid="{name}"]'


def visible(selector, what=None):
    return wait(EC.visibility_of_element_located(css(selector)), what or selector)


def clickable(selector, what=None):
    return wait(EC.element_to_be_clickable(css(selector)), what or selector)


def present(selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def gone(selector, what=None):
    wait(lambda d: d.execute_script(
        "return ![...document.querySelectorAll(arguments[0])].some((e) => e.getClientRects().length > 0)", selector),
        what or f"{selector} to close")


def type_into(selector, text):
    element = visible(selector)
    element.clear()
    element.send_keys(text)
    return element


def app_ready():
    wait(lambda d: d.execute_script("return document.body.dataset.ready === 'true' && !document.getElementById('main').hasAttribute('aria-busy')"),
         "the app to finish rendering")


def go(base, fragment):
    driver.get(base + "/" + fragment)
    app_ready()


def route(fragment):
    driver.execute_script("location.hash = arguments[0]", fragment)
    wait(lambda d: d.execute_script("return location.hash") == fragment, f"hash {fragment}")
    app_ready()


def quote(text):
    return urllib.parse.quote(text, safe="")


def repo_fragment(registry, repository):
    return f"#/repo/{quote(registry)}/{quote(repository)}"


def dialog_error(dialog):
    return visible(f"{tid(dialog)} {tid('dialog-error')}", f"an error in {dialog}").text


def login(base, user, password):
    driver.get(base + "/login")
    type_into("#username", user)
    type_into("#password", password)
    clickable("#login-submit").click()
    wait(lambda d: "/login" not in d.current_url, "the login to leave the login page")
    app_ready()


def open_user_menu():
    if not driver.find_element(By.ID, "logout").is_displayed():
        clickable(tid("user-menu-button")).click()
    return visible("#logout", "the user menu")


def logout():
    open_user_menu().click()
    wait(lambda d: d.current_url.split("?")[0].endswith("/login"), "the login page after logging out")


def admin_api(method, path, **kw):
    return rest(method, E["UI_BASE_URL"], path, "admin", E["UI_ADMIN_PASSWORD"], **kw)[1]


def select_value(selector, value):
    """Chooses an option of a <select> the way a user does (the change event fires)."""
    Select(visible(selector)).select_by_value(value)


def field_error(field_id):
    return visible(f"#{field_id}-error", f"the validation message of {field_id}").text


def page_fetch(method, path, csrf=None, body=None):
    """A fetch from the page (with the session cookie); returns [status, text]."""
    return driver.execute_async_script("""
        const [method, path, csrf, body, done] = arguments;
        const headers = {'X-Requested-With': 'drydock-ui', 'Content-Type': 'application/json'};
        if (csrf !== null) headers['X-CSRF-Token'] = csrf;
        fetch(path, {method, headers, credentials: 'same-origin', body: body === null ? undefined : JSON.stringify(body)})
          .then(async (r) => done([r.status, await r.text()])).catch((e) => done([0, String(e)]));
    """, method, path, csrf, body)


def page_session():
    status, text = page_fetch("GET", "/session")
    check(status == 200, f"GET /session from the page answered {status}: {text}")
    return json.loads(text)


def open_analyze_tag():
    clickable("#analyze-tag").click()
    return visible(tid("analyze-tag-dialog"))


def assert_same_origin():
    hosts = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name, location.href).origin)"
        ".concat([location.origin]).filter((o, i, a) => a.indexOf(o) === i)")
    origins = {urllib.parse.urlsplit(u).scheme + "://" + urllib.parse.urlsplit(u).netloc for u in
               (E["UI_BASE_URL"], E["UI_QUEUE_URL"], E["UI_EXPIRY_URL"])}
    strangers = [h for h in hosts if h not in origins and not h.startswith("data:") and h != "null"]
    check(not strangers, f"requests left the server's origin: {strangers}")


# --- the steps ----------------------------------------------------------------------------------------------

def step_wrong_password():
    driver.get(E["UI_BASE_URL"] + "/")
    wait(lambda d: "/login" in d.current_url, "GET / without a session to redirect to /login")
    type_into("#username", E["UI_USER"])
    type_into("#password", "certainly-wrong")
    clickable("#login-submit").click()
    error = visible(tid("login-error"), "the wrong-password message")
    check("wrong username or password" in error.text.lower(), f"unexpected login error: {error.text!r}")
    check(driver.find_element(By.ID, "username").get_attribute("value") == E["UI_USER"], "the username was lost after a failed login")
    check("/login" in driver.current_url, "a wrong password left the login page")
    shot("wrong-password")


def step_login():
    type_into("#password", E["UI_PASSWORD"])
    clickable("#login-submit").click()
    wait(lambda d: "/login" not in d.current_url, "the app after logging in")
    app_ready()
    visible(tid("nav-images"), "the Image Analysis navigation link")
    visible(tid("nav-registries"), "the Registries navigation link")
    check(E["UI_USER"] in visible(tid("current-user")).text, "the logged-in user is not shown")
    visible("#analyze-tag")
    visible("#analyze-repository")
    shot("logged-in")


def wait_feeds():
    def ready():
        feeds = rest("GET", E["UI_BASE_URL"], "/v1/system/feeds", "admin", E["UI_ADMIN_PASSWORD"])[1] or []
        groups = [g for f in feeds for g in f.get("groups", [])]
        return groups and all(g.get("last_sync") for g in groups if g.get("enabled"))
    poll("the vulnerability feeds to sync", ready, timeout=120)


def step_validation():
    dialog = open_analyze_tag()
    type_into("#tag-registry", "")
    type_into("#tag-repository", "Bad Repo!")
    type_into("#tag-tag", "no spaces please")
    clickable(tid("dialog-ok")).click()
    visible("#tag-registry-error", "the empty-registry message")
    visible("#tag-repository-error", "the invalid-repository message")
    check(dialog.is_displayed(), "the dialog closed on invalid input")
    check(driver.find_element(By.ID, "tag-repository").get_attribute("value") == "Bad Repo!", "typed values were lost")
    shot("client-side-validation")
    type_into("#tag-tag", "bad tag")
    clickable(tid("dialog-cancel")).click()
    gone(tid("analyze-tag-dialog"))


def step_analyze_tag():
    fulltag = f"{REGISTRY}/{E['UI_TAG_REPOSITORY']}:{E['UI_TAG']}"
    open_analyze_tag()
    visible(tid("max-image-size"), "the maximum image size note")
    type_into("#tag-registry", REGISTRY)
    type_into("#tag-repository", E["UI_TAG_REPOSITORY"])
    type_into("#tag-tag", E["UI_TAG"])
    force = driver.find_element(By.ID, "tag-force")
    check(not force.is_enabled(), "Force Reanalysis is enabled for a tag that was never analyzed")
    for key, value in [("team", "payments"), ("owner", "ui-test")]:
        clickable(tid("add-annotation")).click()
        keys = present(tid("annotation-key"))
        values = present(tid("annotation-value"))
        keys[-1].send_keys(key)
        values[-1].send_keys(value)
    shot("analyze-tag-dialog")
    clickable(tid("dialog-ok")).click()
    gone(tid("analyze-tag-dialog"), "the Analyze Tag dialog to close after success")
    image = poll(f"{fulltag} to be added", lambda: image_for(main_api, fulltag))
    check(image.get("annotations") == {"team": "payments", "owner": "ui-test"}, f"annotations stored: {image.get('annotations')}")
    poll(f"{fulltag} to be analyzed", lambda: (image_for(main_api, fulltag) or {}).get("analysis_status") == "analyzed", timeout=120)
    return image["imageDigest"]


def step_repository_view_counts(digest):
    route(repo_fragment(REGISTRY, E["UI_TAG_REPOSITORY"]))
    row_selector = f'{tid("tag-row")}[data-tag="{E["UI_TAG"]}"]'

    def counted(d):
        rows = d.find_elements(By.CSS_SELECTOR, row_selector)
        if rows and rows[0].get_attribute("data-status") == "analyzed" and rows[0].find_elements(By.CSS_SELECTOR, tid("vuln-counts")):
            return rows[0]
        d.execute_script("location.hash = location.hash")  # no-op; re-render below
        return False

    deadline = time.time() + WAIT
    while True:
        route(repo_fragment(REGISTRY, E["UI_TAG_REPOSITORY"]))
        row = counted(driver)
        if row:
            break
        if time.time() > deadline:
            raise Failure("the analyzed tag shows no vulnerability counts in the repository view")
        time.sleep(1)
    summaries = main_api("GET", "/v1/summaries/vulnerabilities") or []
    summary = next((s for s in summaries if s["imageDigest"] == digest), None)
    check(summary is not None, f"no vulnerability summary for {digest}")
    chips = row.find_element(By.CSS_SELECTOR, tid("vuln-counts")).text
    for severity, count in summary["counts"].items():
        if count:
            check(f"{severity[0]} {count}" in chips, f"the {severity} count {count} is not shown (row shows {chips!r})")
    shot("repository-view-with-counts")


def step_image_overview(digest):
    route(f"#/image/{quote(digest)}")
    check(visible(tid("image-digest")).text == digest, "the overview shows another digest")
    visible(tid("annotation-team"))
    check(driver.find_element(By.CSS_SELECTOR, tid("annotation-team")).text == "payments", "the annotation is not shown")
    check("Analyzed" in visible(tid("image-status")).text, "the status is not Analyzed")
    visible(tid("vulnerabilities"), "the vulnerabilities tab")
    wait(lambda d: d.find_elements(By.CSS_SELECTOR, tid("vuln-filter-row")), "vulnerability rows")
    # CVE-2024-2236 is in the test's KEV catalog: its row says so, and the filter finds it by "kev".
    kev = present(tid("kev"))
    check(len(kev) == 1 and "KEV since 2026-11-30" in kev[0].text, f"the KEV chip is missing or wrong: {[k.text for k in kev]}")
    type_into(tid("vuln-filter"), "kev")
    wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("vuln-filter-row"))) == 1, "the filter to keep only the KEV row")
    type_into(tid("vuln-filter"), "")
    clickable(tid("tab-packages")).click()
    visible(tid("packages"), "the packages tab")
    total = len(present(tid("package-filter-row")))
    check(total > 1, f"only {total} packages are listed")
    type_into(tid("package-filter"), "apt")
    wait(lambda d: 0 < len(d.find_elements(By.CSS_SELECTOR, tid("package-filter-row"))) < total, "the package filter to narrow the list")
    for tab in ["files", "layers", "dockerfile", "events"]:
        clickable(tid(f"tab-{tab}")).click()
        visible(tid(tab), f"the {tab} tab")
    check(present(tid("event-row")), "the image has no events")
    sbom = driver.find_element(By.CSS_SELECTOR, tid("sbom-spdx-json")).get_attribute("href")
    status, text = page_fetch("GET", urllib.parse.urlsplit(sbom).path)
    check(status == 200 and "spdxVersion" in text, f"the SPDX download answered {status}")
    shot("image-overview")


DEFAULT_BUNDLE = "2c53a13c-1765-11e8-82ef-23527761d060"


def bundle_row(policy_id):
    return f'{tid("bundle-row")}[data-policy="{policy_id}"]'


def step_policies(digest):
    """Policies page: the default bundle is active; a bundle file is uploaded, previewed, activated, and the image's
    Policy Compliance tab and the repository view show the new verdict; then the default comes back."""
    bundle = {
        "id": "ui-no-apt", "version": "1_0", "name": "No apt",
        "policies": [{"id": "p", "version": "1_0", "rules": [
            {"id": "rule-apt", "gate": "packages", "trigger": "blacklist", "action": "STOP", "params": [{"name": "name", "value": "apt"}]}]}],
        "whitelists": [],
        "mappings": [{"name": "all", "registry": "*", "repository": "*", "image": {"type": "tag", "value": "*"}, "policy_ids": ["p"], "whitelist_ids": []}],
    }
    path = os.path.join(SHOTS, "ui-no-apt.json")
    with open(path, "w") as handle:
        json.dump(bundle, handle)
    bad = os.path.join(SHOTS, "ui-bad.json")
    with open(bad, "w") as handle:
        handle.write('{"id": "bad", "version": "1_0", "policies": [{"id": "p", "version": "1_0", "rules": [{"gate": "nope", "trigger": "x", "action": "STOP", "params": []}]}], "mappings": []}')

    route("#/policies")
    visible(tid("bundles"), "the bundles table")
    check(visible(bundle_row(DEFAULT_BUNDLE)).get_attribute("data-active") == "true", "the default bundle is not active")
    # A bundle with an unknown gate is refused in the dialog, naming the problem.
    clickable(tid("add-bundle")).click()
    visible(tid("add-bundle-dialog"))
    driver.find_element(By.CSS_SELECTOR, tid("bundle-file")).send_keys(bad)
    clickable(f'{tid("add-bundle-dialog")} {tid("dialog-ok")}').click()
    check("GateNotFoundError" in dialog_error("add-bundle-dialog"), "the refused bundle's problem is not shown")
    clickable(f'{tid("add-bundle-dialog")} {tid("dialog-cancel")}').click()
    gone(tid("add-bundle-dialog"))
    # The real bundle: preview first (nothing stored), then add.
    clickable(tid("add-bundle")).click()
    visible(tid("add-bundle-dialog"))
    driver.find_element(By.CSS_SELECTOR, tid("bundle-file")).send_keys(path)
    clickable(tid("preview-bundle")).click()
    summary = visible(tid("policy-preview-summary"), "the preview").text
    check("1 fail" in summary, f"the preview does not say the image would fail: {summary!r}")
    check(present(tid("policy-preview-change")), "the preview lists no changed tag")
    shot("policy-preview")
    check(not any(p["policyId"] == "ui-no-apt" for p in main_api("GET", "/v1/policies")), "the preview stored the bundle")
    clickable(f'{tid("add-bundle-dialog")} {tid("dialog-ok")}').click()
    gone(tid("add-bundle-dialog"))
    check(visible(bundle_row("ui-no-apt")).get_attribute("data-active") == "false", "the new bundle is active before activation")
    clickable(f'{bundle_row("ui-no-apt")} {tid("activate-bundle")}').click()
    clickable(f'{tid("activate-bundle-dialog")} {tid("dialog-ok")}').click()
    gone(tid("activate-bundle-dialog"))
    wait(lambda d: d.find_elements(By.CSS_SELECTOR, f'{bundle_row("ui-no-apt")}[data-active="true"]'), "the new bundle to become active")
    check(visible(bundle_row(DEFAULT_BUNDLE)).get_attribute("data-active") == "false", "two bundles are active")
    shot("policies")

    # The image's Policy Compliance tab: STOP, with the rule that fired.
    route(f"#/image/{quote(digest)}")
    clickable(tid("tab-policy")).click()
    final = visible(tid("policy-final-action"), "the final action").text
    check("STOP" in final and "Fail" in final, f"the final action shown is {final!r}")
    row = visible(f'{tid("policy-row")}[data-gate="packages"]', "the packages row")
    check("Package is blacklisted: apt" in row.text and "rule-apt" in row.text, f"the fired row reads {row.text!r}")
    shot("policy-compliance")
    # The repository view shows the tag's verdict (re-evaluated in the background after the activation).
    row_selector = f'{tid("tag-row")}[data-tag="{E["UI_TAG"]}"]'
    deadline = time.time() + WAIT
    while True:
        route(repo_fragment(REGISTRY, E["UI_TAG_REPOSITORY"]))
        rows = present(row_selector)
        if rows and rows[0].get_attribute("data-policy") == "fail":
            break
        if time.time() > deadline:
            raise Failure("the repository view does not show the tag failing the active policy")
        time.sleep(1)
    check("Fail" in rows[0].find_element(By.CSS_SELECTOR, tid("policy-status")).text, "the tag's policy badge does not say Fail")
    shot("repository-policy-status")

    # Back to the default bundle; the test bundle can then be deleted.
    route("#/policies")
    clickable(f'{bundle_row(DEFAULT_BUNDLE)} {tid("activate-bundle")}').click()
    clickable(f'{tid("activate-bundle-dialog")} {tid("dialog-ok")}').click()
    gone(tid("activate-bundle-dialog"))
    clickable(f'{bundle_row("ui-no-apt")} {tid("delete-bundle")}').click()
    clickable(f'{tid("delete-bundle-dialog")} {tid("dialog-ok")}').click()
    gone(tid("delete-bundle-dialog"))
    wait(lambda d: not d.find_elements(By.CSS_SELECTOR, bundle_row("ui-no-apt")), "the deleted bundle to leave the list")


def step_force_reanalysis(digest):
    fulltag = f"{REGISTRY}/{E['UI_TAG_REPOSITORY']}:{E['UI_TAG']}"
    before = image_for(main_api, fulltag)["analyzed_at"]
    time.sleep(1.1)
    route(repo_fragment(REGISTRY, E["UI_TAG_REPOSITORY"]))
    open_analyze_tag()
    check(driver.find_element(By.ID, "tag-registry").get_attribute("value") == REGISTRY, "the registry is not pre-filled")
    check(driver.find_element(By.ID, "tag-repository").get_attribute("value") == E["UI_TAG_REPOSITORY"], "the repository is not pre-filled")
    type_into("#tag-tag", E["UI_TAG"])
    force = driver.find_element(By.ID, "tag-force")
    wait(lambda d: force.is_enabled(), "Force Reanalysis to be enabled for an analyzed tag")
    driver.find_element(By.CSS_SELECTOR, 'label[for="tag-force"]').click()
    check(force.is_selected(), "Force Reanalysis did not switch on")
    shot("force-reanalysis")
    clickable(tid("dialog-ok")).click()
    gone(tid("analyze-tag-dialog"))
    poll("the forced re-analysis to finish", lambda: (lambda i: i and i["analysis_status"] == "analyzed" and i["analyzed_at"] != before)(image_for(main_api, fulltag)), timeout=120)


def step_analyze_repository():
    key = f"{REGISTRY}/{E['UI_REPOSITORY']}"
    route("#/")
    clickable("#analyze-repository").click()
    visible(tid("analyze-repository-dialog"))
    visible(tid("max-image-size"))
    type_into("#repo-registry", REGISTRY)
    type_into("#repo-repository", E["UI_REPOSITORY"])
    once = driver.find_element(By.ID, "repo-watch-once")
    check(once.is_selected(), "One-Time Tag Analysis is not the default")
    clickable('label[for="repo-watch-auto"]').click()
    shot("analyze-repository-dialog")
    clickable(tid("dialog-ok")).click()
    count = visible(tid("repo-tag-count"), "the tag-count step").text
    check(count == str(len(REPO_TAGS)), f"the dialog says {count} tags, the registry has {len(REPO_TAGS)}")
    visible(tid("dialog-cancel"))
    shot("analyze-repository-count")
    clickable(tid("dialog-ok")).click()
    gone(tid("analyze-repository-dialog"))
    sub = poll("the repository subscription", lambda: repo_subscription(main_api, key))
    check(sub["active"], "the repository is not watched after Automatically Check for Updates")
    poll("every tag of the repository to be added",
         lambda: {d["tag"] for i in repo_images(main_api, REGISTRY, E["UI_REPOSITORY"]) for d in i["image_detail"] if d["repo"] == E["UI_REPOSITORY"]} >= set(REPO_TAGS))


def step_watch_toggle():
    key = f"{REGISTRY}/{E['UI_REPOSITORY']}"
    route(repo_fragment(REGISTRY, E["UI_REPOSITORY"]))
    wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, tid("tag-row"))) == len(REPO_TAGS), "every tag in the repository view")
    toggle = driver.find_element(By.ID, "repo-watch-toggle")
    check(toggle.is_selected(), "the watch toggle is off for a watched repository")
    clickable('label[for="repo-watch-toggle"]').click()
    poll("the repository subscription to become inactive", lambda: repo_subscription(main_api, key)["active"] is False)
    app_ready()
    wait(lambda d: not d.find_element(By.ID, "repo-watch-toggle").is_selected(), "the toggle to show off")
    shot("watch-off")
    clickable('label[for="repo-watch-toggle"]').click()
    poll("the repository subscription to become active", lambda: repo_subscription(main_api, key)["active"] is True)
    app_ready()
    wait(lambda d: d.find_element(By.ID, "repo-watch-toggle").is_selected(), "the toggle to show on")
    shot("watch-on")


def step_remove_repository():
    key = f"{REGISTRY}/{E['UI_REPOSITORY']}"
    route(repo_fragment(REGISTRY, E["UI_REPOSITORY"]))
    clickable("#remove-repository").click()
    visible(tid("remove-repository-dialog"))
    shot("remove-repository-confirm")
    clickable(f'{tid("remove-repository-dialog")} {tid("dialog-ok")}').click()
    wait(lambda d: "#/registry/" in d.current_url, "the registry view after removing the repository")
    poll("the repository's images to be removed", lambda: not repo_images(main_api, REGISTRY, E["UI_REPOSITORY"]))
    check(repo_subscription(main_api, key) is None, "the repository subscription survived its removal")
    app_ready()
    shot("repository-removed")


def step_unreachable_registry():
    route("#/")
    open_analyze_tag()
    type_into("#tag-registry", E["UI_DEAD_REGISTRY"])
    type_into("#tag-repository", "nobody/home")
    type_into("#tag-tag", "1.0")
    clickable(tid("add-annotation")).click()
    present(tid("annotation-key"))[-1].send_keys("kept")
    present(tid("annotation-value"))[-1].send_keys("value")
    clickable(tid("dialog-ok")).click()
    message = dialog_error("analyze-tag-dialog")
    check(message.strip(), "no error for an unreachable registry")
    for field, value in [("tag-registry", E["UI_DEAD_REGISTRY"]), ("tag-repository", "nobody/home"), ("tag-tag", "1.0")]:
        check(driver.find_element(By.ID, field).get_attribute("value") == value, f"{field} lost its value after the error")
    check(present(tid("annotation-key"))[-1].get_attribute("value") == "kept", "the annotation was lost after the error")
    shot("unreachable-registry-error")
    clickable(tid("dialog-cancel")).click()
    # A repository with no tags (unknown to the registry): the dry run's error is shown in the dialog.
    clickable("#analyze-repository").click()
    type_into("#repo-registry", REGISTRY)
    type_into("#repo-repository", "no/such-repository")
    clickable(tid("dialog-ok")).click()
    message = dialog_error("analyze-repository-dialog")
    check("no tags" in message.lower() or "404" in message, f"unexpected error for a repository without tags: {message!r}")
    check(driver.find_element(By.ID, "repo-repository").get_attribute("value") == "no/such-repository", "the repository was lost")
    shot("repository-without-tags")
    clickable(tid("dialog-cancel")).click()


def step_registries():
    route("#/registries")
    clickable("#add-registry").click()
    visible(tid("add-registry-dialog"))
    type_into("#registry-host", E["UI_DEAD_REGISTRY"])
    type_into("#registry-user", "someone")
    type_into("#registry-pass", "secret-pw")
    clickable(tid("dialog-ok")).click()
    message = dialog_error("add-registry-dialog")
    check("406" in message or "cannot ping" in message, f"unexpected validation error: {message!r}")
    check(driver.find_element(By.ID, "registry-user").get_attribute("value") == "someone", "the user was lost after the error")
    shot("registry-validation-error")
    clickable('label[for="registry-validate"]').click()
    clickable(tid("dialog-ok")).click()
    gone(tid("add-registry-dialog"))
    row = visible(f'{tid("registry-credential-row")}[data-registry="{E["UI_DEAD_REGISTRY"]}"]', "the new registry in the list")
    check("someone" in row.text, "the registry user is not listed")
    check(any(r["registry"] == E["UI_DEAD_REGISTRY"] for r in main_api("GET", "/v1/registries")), "the registry is not stored")
    shot("registry-added")
    row.find_element(By.CSS_SELECTOR, tid("remove-registry")).click()
    clickable(f'{tid("remove-registry-dialog")} {tid("dialog-ok")}').click()
    wait(lambda d: not d.find_elements(By.CSS_SELECTOR, f'{tid("registry-credential-row")}[data-registry="{E["UI_DEAD_REGISTRY"]}"]'), "the registry to be removed")
    check(not main_api("GET", "/v1/registries"), "the registry is still stored")


def step_forged_csrf():
    session = page_session()
    status, text = page_fetch("POST", "/v1/images", csrf="forged-" + session["csrf_token"][:8],
                              body={"tag": f"{REGISTRY}/{E['UI_TAG_REPOSITORY']}:{E['UI_TAG']}"})
    check(status == 403, f"a forged CSRF token was answered {status}: {text}")
    status, text = page_fetch("POST", "/v1/images", csrf=None, body={"tag": f"{REGISTRY}/{E['UI_TAG_REPOSITORY']}:{E['UI_TAG']}"})
    check(status == 403, f"a request without a CSRF token was answered {status}: {text}")
    # The UI shows the 403 in the dialog: every request from now on carries a forged token.
    route("#/")
    driver.execute_script("""
        const original = window.fetch;
        window.fetch = (url, init = {}) => {
          if (init.headers && init.headers['X-CSRF-Token'] !== undefined) init.headers['X-CSRF-Token'] = 'forged';
          return original(url, init);
        };""")
    open_analyze_tag()
    type_into("#tag-registry", REGISTRY)
    type_into("#tag-repository", E["UI_TAG_REPOSITORY"])
    type_into("#tag-tag", E["UI_TAG"])
    clickable(tid("dialog-ok")).click()
    message = dialog_error("analyze-tag-dialog")
    check("403" in message, f"the forged-token refusal is not shown as a 403: {message!r}")
    shot("forged-csrf-403")
    driver.refresh()
    app_ready()


def step_logout():
    logout()
    driver.get(E["UI_BASE_URL"] + "/")
    wait(lambda d: "/login" in d.current_url, "/ to redirect to the login page after logging out")
    status, _ = page_fetch("GET", "/session")
    check(status == 401, f"/session answered {status} after logging out")
    shot("logged-out")


def step_read_only():
    login(E["UI_BASE_URL"], E["UI_READONLY_USER"], E["UI_READONLY_PASSWORD"])
    visible(tid("read-only-badge"))
    check(not present("#analyze-tag") and not present("#analyze-repository"), "a read-only user sees Analyze buttons")
    check(not present("#nav-accounts") and not present(tid("act-as")), "a read-only user sees the Accounts nav item or the account selector")
    route(repo_fragment(REGISTRY, E["UI_TAG_REPOSITORY"]))
    visible(tid("tags-table"))
    check(not present(tid("removal-control")), "a read-only user sees the cancellation/removal control")
    check(not present("#cancel-pending") and not present("#remove-repository"), "a read-only user sees cancel/remove buttons")
    for toggle in present(tid("tag-watch-toggle")) + present("#repo-watch-toggle"):
        check(not toggle.is_enabled(), "a read-only user can flip a watch toggle")
    route("#/registries")
    check(not present("#add-registry") and not present(tid("remove-registry")), "a read-only user sees registry controls")
    route("#/policies")
    visible(tid("bundles"))
    check(not present(tid("add-bundle")) and not present(tid("activate-bundle")) and not present(tid("delete-bundle")), "a read-only user sees policy controls")
    shot("read-only")
    session = page_session()
    check("analyze" not in session["permissions"] and "write" not in session["permissions"], f"read-only permissions: {session['permissions']}")
    status, text = page_fetch("POST", "/v1/images", csrf=session["csrf_token"], body={"tag": f"{REGISTRY}/{E['UI_TAG_REPOSITORY']}:{E['UI_TAG']}"})
    check(status == 403, f"the API let a read-only user add an image from the page: {status} {text}")
    status, _ = rest("POST", E["UI_BASE_URL"], "/v1/images", E["UI_READONLY_USER"], E["UI_READONLY_PASSWORD"],
                     body={"tag": f"{REGISTRY}/{E['UI_TAG_REPOSITORY']}:{E['UI_TAG']}"}, expect=(403,))
    status, _ = rest("DELETE", E["UI_BASE_URL"], "/v1/repositories", E["UI_READONLY_USER"], E["UI_READONLY_PASSWORD"],
                     query={"repository": f"{REGISTRY}/{E['UI_TAG_REPOSITORY']}"}, expect=(403,))
    logout()


def step_cancel_pending():
    base = E["UI_QUEUE_URL"]
    key = f"{REGISTRY}/{E['UI_REPOSITORY']}"
    login(base, "admin", E["UI_ADMIN_PASSWORD"])
    clickable("#analyze-repository").click()
    type_into("#repo-registry", REGISTRY)
    type_into("#repo-repository", E["UI_REPOSITORY"])
    clickable(tid("dialog-ok")).click()  # One-Time Tag Analysis (the default)
    check(visible(tid("repo-tag-count")).text == str(len(REPO_TAGS)), "wrong tag count on the queue server")
    clickable(tid("dialog-ok")).click()
    gone(tid("analyze-repository-dialog"), "the one-time analysis to queue every tag")
    def all_pending():
        images = repo_images(queue_api, REGISTRY, E["UI_REPOSITORY"])
        tags = {d["tag"] for i in images for d in i["image_detail"] if d["repo"] == E["UI_REPOSITORY"]}
        return tags >= set(REPO_TAGS) and all(i["analysis_status"] == "not_analyzed" for i in images) and images
    poll("every tag to be pending", all_pending)
    check(repo_subscription(queue_api, key) is None, "One-Time Tag Analysis left a repository watch")
    route(repo_fragment(REGISTRY, E["UI_REPOSITORY"]))
    rows = present(tid("tag-row"))
    check(len(rows) == len(REPO_TAGS) and all(r.get_attribute("data-status") == "not_analyzed" for r in rows), "the view does not list every tag as pending")
    button = clickable("#cancel-pending", "Cancel Images Currently Pending Analysis to be enabled")
    shot("pending-images")
    button.click()
    visible(tid("cancel-pending-dialog"))
    shot("cancel-pending-confirm")
    clickable(f'{tid("cancel-pending-dialog")} {tid("dialog-ok")}').click()
    gone(tid("cancel-pending-dialog"))
    poll("the pending images to be cancelled", lambda: not repo_images(queue_api, REGISTRY, E["UI_REPOSITORY"]))
    app_ready()
    shot("pending-cancelled")
    logout()


def step_account_users():
    """The full-control user manages the users of their own account: add, change the role, delete."""
    user = "ui-reader"
    clickable("#nav-accounts", "the Accounts nav item for a full-control user").click()
    wait(lambda d: d.execute_script("return location.hash") == "#/accounts/webui", "the own account's users page")
    app_ready()
    names = {r.get_attribute("data-username") for r in present(tid("user-row"))}
    check({E["UI_USER"], E["UI_READONLY_USER"]} <= names, f"the users page lists {names}")
    check(not present(tid("add-account")) and not present(tid("act-as")), "a full-control user sees administrator controls")
    clickable("#add-user").click()
    visible(tid("add-user-dialog"))
    type_into("#user-name", "x")
    type_into("#user-password", "12345")
    clickable(tid("dialog-ok")).click()
    check("not a valid username" in field_error("user-name"), "no validation message for a 1-character username")
    check("6 to 128" in field_error("user-password"), "no validation message for a 5-character password")
    type_into("#user-name", user)
    type_into("#user-password", "reader-pw-1")
    select_value("#user-role-select", "read-only")
    shot("add-user-dialog")
    clickable(tid("dialog-ok")).click()
    gone(tid("add-user-dialog"))
    row_selector = f'{tid("user-row")}[data-username="{user}"]'
    visible(row_selector, "the new user in the list")
    check(main_api("GET", f"/v1/accounts/webui/users/{user}")["role"] == "read-only", "the new user is not read-only")
    # Adding the same user again: the server's refusal is shown in the dialog, with the values kept.
    clickable("#add-user").click()
    type_into("#user-name", user)
    type_into("#user-password", "reader-pw-1")
    clickable(tid("dialog-ok")).click()
    message = dialog_error("add-user-dialog")
    check("already exists" in message, f"unexpected error for a duplicate user: {message!r}")
    check(driver.find_element(By.ID, "user-name").get_attribute("value") == user, "the username was lost after the error")
    clickable(tid("dialog-cancel")).click()
    select_value(f"{row_selector} {tid('user-role')}", "image-analyzer")
    poll("the role change to be stored", lambda: main_api("GET", f"/v1/accounts/webui/users/{user}")["role"] == "image-analyzer")
    app_ready()
    wait(lambda d: d.find_element(By.CSS_SELECTOR, row_selector).get_attribute("data-role") == "image-analyzer", "the list to show the new role")
    own = driver.find_element(By.CSS_SELECTOR, f'{tid("user-row")}[data-username="{E["UI_USER"]}"]')
    check(not own.find_elements(By.CSS_SELECTOR, tid("user-role")) and not own.find_elements(By.CSS_SELECTOR, tid("delete-user")),
          "the full-control user can change their own role or delete themselves")
    shot("user-role-changed")
    driver.find_element(By.CSS_SELECTOR, f"{row_selector} {tid('delete-user')}").click()
    visible(tid("delete-user-dialog"))
    clickable(f'{tid("delete-user-dialog")} {tid("dialog-ok")}').click()
    gone(tid("delete-user-dialog"))
    wait(lambda d: not d.find_elements(By.CSS_SELECTOR, row_selector), "the deleted user to leave the list")
    main_api("GET", f"/v1/accounts/webui/users/{user}", expect=(404,))
    # Another account's users are not theirs to see.
    route("#/accounts/ui-other")
    check(visible(tid("view-error")).text, "no error for another account's users page")


def step_admin_accounts():
    """The administrator: the accounts list, validation, Add Account and Add User, act for an account, disable, delete."""
    login(E["UI_BASE_URL"], "admin", E["UI_ADMIN_PASSWORD"])
    clickable("#nav-accounts").click()
    wait(lambda d: d.execute_script("return location.hash") == "#/accounts", "the accounts page")
    app_ready()
    webui = visible(f'{tid("account-row")}[data-account="webui"]', "webui in the accounts list")
    check("webui@example.com" in webui.text and "Enabled" in webui.text, f"the webui row shows {webui.text!r}")
    check(not webui.find_element(By.CSS_SELECTOR, tid("delete-account")).is_enabled(), "an enabled account can be deleted")
    shot("accounts-list")
    clickable("#add-account").click()
    visible(tid("add-account-dialog"))
    type_into("#account-name", "-ui made")
    type_into("#account-email", "made@example.com")
    clickable(tid("dialog-ok")).click()
    message = field_error("account-name")
    check("not a valid account name" in message and "3 to 128" in message, f"unexpected validation message: {message!r}")
    check(driver.find_element(By.ID, "account-email").get_attribute("value") == "made@example.com", "the email was lost")
    check(not any(a["name"] == "-ui made" for a in admin_api("GET", "/v1/accounts")), "an invalid account was created")
    shot("account-name-invalid")
    type_into("#account-name", "webui")
    clickable(tid("dialog-ok")).click()
    check("already exists" in dialog_error("add-account-dialog"), "no server error for an existing account")
    type_into("#account-name", "ui-made")
    clickable(tid("dialog-ok")).click()
    gone(tid("add-account-dialog"))
    wait(lambda d: d.execute_script("return location.hash") == "#/accounts/ui-made", "the new account's users page")
    app_ready()
    visible(tid("users-table-empty"))
    made = admin_api("GET", "/v1/accounts/ui-made")
    check(made["email"] == "made@example.com" and made["state"] == "enabled", f"the stored account: {made}")
    clickable("#add-user").click()
    type_into("#user-name", "ui-maker")
    type_into("#user-password", "maker-pw-1")
    select_value("#user-role-select", "full-control")
    clickable(tid("dialog-ok")).click()
    gone(tid("add-user-dialog"))
    visible(f'{tid("user-row")}[data-username="ui-maker"]')
    check(admin_api("GET", "/v1/accounts/ui-made/users/ui-maker")["role"] == "full-control", "ui-maker is not full-control")
    rest("GET", E["UI_BASE_URL"], "/v1/account", "ui-maker", "maker-pw-1")
    shot("account-added-with-user")

    # Act for webui: its images; then back to the admin account's own (empty) view.
    select_value("#act-as", "webui")
    check(visible(tid("acting-account"), "the acting banner").text == "webui", "the banner does not name webui")
    route("#/")
    visible(f'{tid("registry-row")}[data-registry="{REGISTRY}"]', "webui's registry while acting for webui")
    route(repo_fragment(REGISTRY, E["UI_TAG_REPOSITORY"]))
    visible(f'{tid("tag-row")}[data-tag="{E["UI_TAG"]}"]', "webui's tag while acting for webui")
    shot("acting-for-webui")
    driver.refresh()
    app_ready()
    check(visible(tid("acting-account")).text == "webui", "the choice did not survive a reload")
    select_value("#act-as", "admin")
    gone(tid("acting-banner"), "the acting banner to go")
    route("#/")
    visible(tid("registries-table-empty"), "the admin account's empty Image Analysis view")
    shot("own-admin-account")

    # Disable, then delete ui-made.
    route("#/accounts")
    row = f'{tid("account-row")}[data-account="ui-made"]'
    clickable(f"{row} {tid('disable-account')}").click()
    clickable(f'{tid("disable-account-dialog")} {tid("dialog-ok")}').click()
    gone(tid("disable-account-dialog"))
    poll("ui-made to be disabled", lambda: admin_api("GET", "/v1/accounts/ui-made")["state"] == "disabled")
    app_ready()
    wait(lambda d: d.find_element(By.CSS_SELECTOR, row).get_attribute("data-state") == "disabled", "the list to show ui-made disabled")
    rest("GET", E["UI_BASE_URL"], "/v1/account", "ui-maker", "maker-pw-1", expect=(401, 403))
    clickable(f"{row} {tid('delete-account')}", "Delete to be enabled for a disabled account").click()
    text = visible(tid("delete-account-dialog")).text
    check("Everything of the account is removed" in text, f"the delete confirmation does not say everything is removed: {text!r}")
    shot("delete-account-confirm")
    clickable(f'{tid("delete-account-dialog")} {tid("dialog-ok")}').click()
    gone(tid("delete-account-dialog"))
    wait(lambda d: not d.find_elements(By.CSS_SELECTOR, row), "ui-made to leave the list")
    admin_api("GET", "/v1/accounts/ui-made", expect=(404,))
    check(not [o for o in present("#act-as option") if o.get_attribute("value") == "ui-made"], "the deleted account is still in the selector")
    shot("account-deleted")
    logout()


def step_change_password():
    """Everyone can change their password; the server ends the sessions, so the UI goes to the login page."""
    new = "rory-pw-2"
    login(E["UI_BASE_URL"], E["UI_READONLY_USER"], E["UI_READONLY_PASSWORD"])
    clickable(tid("user-menu-button")).click()
    clickable("#change-password").click()
    visible(tid("change-password-dialog"))
    type_into("#new-password", new)
    type_into("#new-password-again", new + "x")
    clickable(tid("dialog-ok")).click()
    check("do not match" in field_error("new-password-again"), "no message for different passwords")
    type_into("#new-password-again", new)
    shot("change-password-dialog")
    clickable(tid("dialog-ok")).click()
    visible(tid("password-changed"), "the password-changed message")
    wait(lambda d: "/login" in d.current_url and "password_changed=1" in d.current_url, "the login page after changing the password")
    notice = visible(tid("login-notice")).text
    check("password was changed" in notice, f"unexpected login notice: {notice!r}")
    status, _ = page_fetch("GET", "/session")
    check(status == 401, f"the session survived the password change ({status})")
    rest("GET", E["UI_BASE_URL"], "/v1/account", E["UI_READONLY_USER"], E["UI_READONLY_PASSWORD"], expect=(401,))
    shot("password-changed")
    type_into("#username", E["UI_READONLY_USER"])
    type_into("#password", new)
    clickable("#login-submit").click()
    wait(lambda d: "/login" not in d.current_url, "the login with the new password")
    app_ready()
    logout()


def step_size_limit():
    """A server with a 0 MB limit: the dialog shows it, and the server's refusal is shown in the dialog."""
    base = E["UI_EXPIRY_URL"]
    login(base, "admin", E["UI_ADMIN_PASSWORD"])  # sessions here expire after UI_EXPIRY_TTL idle seconds: be quick
    open_analyze_tag()
    limit = visible(tid("max-image-size")).text
    check("0 MB" in limit, f"the dialog does not show the 0 MB limit: {limit!r}")
    type_into("#tag-registry", REGISTRY)
    type_into("#tag-repository", E["UI_TAG_REPOSITORY"])
    type_into("#tag-tag", E["UI_TAG"])
    clickable(tid("dialog-ok")).click()
    message = dialog_error("analyze-tag-dialog")
    check("Image size is too large" in message, f"the size error is not shown: {message!r}")
    check("over 0 MB" in message or "maximum allowed: 0 MB" in message, f"the size error does not give the limit: {message!r}")
    for field, value in [("tag-registry", REGISTRY), ("tag-repository", E["UI_TAG_REPOSITORY"]), ("tag-tag", E["UI_TAG"])]:
        check(driver.find_element(By.ID, field).get_attribute("value") == value, f"{field} lost its value after the size error")
    shot("image-too-large")
    clickable(tid("dialog-cancel")).click()


def step_expired_session():
    base = E["UI_EXPIRY_URL"]
    login(base, "admin", E["UI_ADMIN_PASSWORD"])
    time.sleep(float(E["UI_EXPIRY_TTL"]) + 2)
    driver.find_element(By.ID, "nav-registries").click()
    wait(lambda d: "/login" in d.current_url and "expired=1" in d.current_url, "the login page after the session expired")
    notice = visible(tid("login-notice"), "the session-expired notice")
    check("session has expired" in notice.text.lower(), f"unexpected notice: {notice.text!r}")
    shot("session-expired")
    type_into("#username", "admin")
    type_into("#password", E["UI_ADMIN_PASSWORD"])
    clickable("#login-submit").click()
    wait(lambda d: d.current_url.endswith("#/registries"), "the login to return to the page the user was on")
    app_ready()
    shot("back-after-expiry")


def final_checks():
    assert_same_origin()
    collect_console()
    csp = [entry["message"] for entry in console if "Content Security Policy" in entry.get("message", "") or "Content-Security-Policy" in entry.get("message", "")]
    check(not csp, "the browser console reported CSP violations:\n" + "\n".join(csp))
    severe = [entry["message"] for entry in console if entry.get("level") == "SEVERE" and "Failed to load resource" not in entry.get("message", "")]
    check(not severe, "the browser console reported errors:\n" + "\n".join(severe))


def main():
    global driver
    os.makedirs(SHOTS, exist_ok=True)
    driver = make_driver()
    try:
        step_wrong_password()
        step_login()
        step_validation()
        wait_feeds()
        digest = step_analyze_tag()
        step_repository_view_counts(digest)
        step_image_overview(digest)
        step_policies(digest)
        step_force_reanalysis(digest)
        step_analyze_repository()
        step_watch_toggle()
        step_remove_repository()
        step_unreachable_registry()
        step_registries()
        step_account_users()
        assert_same_origin()
        step_forged_csrf()
        step_logout()
        step_read_only()
        step_admin_accounts()
        step_change_password()
        step_cancel_pending()
        step_size_limit()
        step_expired_session()
        final_checks()
        print(f"ui_flow: all {step_number} steps passed", flush=True)
        return 0
    except Failure as failure:
        print(f"ui_flow: FAILED at step {step_number + 1}: {failure}", flush=True)
    except Exception:  # noqa: BLE001 - any other error is a failure too, with its trace
        print(f"ui_flow: FAILED at step {step_number + 1} with an exception:\n{traceback.format_exc()}", flush=True)
    try:
        driver.save_screenshot(os.path.join(SHOTS, f"{step_number + 1:02d}-FAILED.png"))
        collect_console()
        print("--- browser console ---", flush=True)
        for entry in console[-30:]:
            print(f"{entry.get('level')}: {entry.get('message')}", flush=True)
    except WebDriverException:
        pass
    return 1


if __name__ == "__main__":
    try:
        code = main()
    finally:
        if driver is not None:
            driver.quit()
    sys.exit(code)
