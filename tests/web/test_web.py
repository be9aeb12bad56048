"""The web application as a user meets it: `csrating web serve` in its own process on a real database
(a fresh PostgreSQL database when the test server is there, as in CI; else an SQLite file), driven by a
real browser (the system's Chromium through Playwright), with the accessibility check (axe-core) run in
that browser. The dataset is seeds-2009, whose comparators are synthetic."""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import POSTGRES_URL, ROOT, throwaway_database

PASSWORD = "correct horse battery"
CSRATING = [sys.executable, "-m", "csrating.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite3'}"
        return
    with throwaway_database(POSTGRES_URL, "csrating_web") as name:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name


def _serve(dataset: str, database: str, tmp_path_factory):
    """``csrating web serve`` of a dataset in its own process: its address while it runs."""
    env = {**os.environ, "CSRATING_SECRET_KEY": uuid.uuid4().hex * 2}
    port = _free_port()
    log = tmp_path_factory.mktemp("web") / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [*CSRATING, "web", "serve", "--dataset", dataset, "--db", database, "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
        )  # fmt: skip
    deadline = time.time() + 90
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        assert proc.poll() is None, log.read_text()
        time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("the web server did not start: " + log.read_text())
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(database, tmp_path_factory):
    env = {**os.environ, "CSRATING_SECRET_KEY": uuid.uuid4().hex * 2}
    add = subprocess.run(
        [*CSRATING, "web", "adduser", "analyst", "--password-stdin", "--db", database],
        input=PASSWORD + "\n", capture_output=True, text=True, env=env, cwd=ROOT,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    yield from _serve("seeds-2009", database, tmp_path_factory)


@pytest.fixture(scope="module")
def latest_server(server, database, tmp_path_factory):
    """A second server, of the present-day dataset (england-latest), on the same database."""
    yield from _serve("england-latest", database, tmp_path_factory)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is installed by scripts/system-deps.sh"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def _axe(page) -> list[dict]:
    """axe-core's violations on the page as the browser lays it out (colour contrast included)."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document)).violations.map(v => ({id: v.id, nodes: v.nodes.length}))"
    )


def _sign_in(page, server: str, next_path: str) -> None:
    page.goto(f"{server}{next_path}")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")


def test_ratings_la_page_and_letter(page, server):
    page.goto(server)
    assert page.title() == "Ratings 2009 - csrating"
    rows = page.locator("#ratings tbody tr")
    assert rows.count() == 4
    assert "Kingston upon Thames (314)" in rows.nth(2).inner_text()
    assert "SYNTHETIC" in page.inner_text("body")
    assert _axe(page) == []
    page.click("text=Kingston upon Thames (314)")
    assert page.locator("h1").inner_text() == "Kingston upon Thames"
    assert "Performs excellently (4)" in page.inner_text(".govuk-panel")
    assert "BAND-COMBINE" in page.inner_text(".csr-trace")
    assert _axe(page) == []
    page.click("text=Read the rating letter")
    assert "Children's services in the Royal Borough of Kingston" in page.inner_text("body")


def test_a_judgement_is_recorded_signed_in_with_clear_errors(page, server, database):
    _sign_in(page, server, "/la/314/judge/")
    assert page.locator("h1").inner_text() == "Record a professional judgement"
    page.click("button:has-text('Record the judgement')")
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert summary.locator("li").all_inner_texts() == [
        "Choose the grade the judgement gives",
        "Enter the reason for the judgement",
    ]
    assert page.title().startswith("Error: ")
    assert _axe(page) == []
    # beyond what the methodology allows: refused with its reason, nothing stored
    page.check("label:has-text('Performs poorly (1)')")
    page.fill("#reason", "Testing a move of three grades.")
    page.click("button:has-text('Record the judgement')")
    assert "refused" in page.locator(".govuk-error-summary").inner_text()
    assert page.locator("#reason").input_value() == "Testing a move of three grades."
    page.check("label:has-text('Performs well (3)')")
    page.fill("#reason", "Serious concerns found at a later visit.")
    page.fill("#evidence", "REF-1, REF-2")
    page.click("button:has-text('Record the judgement')")
    assert page.url.endswith("/la/314/")
    assert "The judgement is recorded." in page.inner_text(".govuk-notification-banner")
    assert "Performs well (3)" in page.inner_text(".govuk-panel")
    history = page.locator("#history tbody tr").all_inner_texts()
    assert len(history) == 1 and "analyst" in history[0] and "4 → 3" in history[0]
    assert _axe(page) == []
    page.goto(f"{server}/judgements/")
    rows = page.locator("#judgements tbody tr").all_inner_texts()
    assert len(rows) == 1 and rows[0].startswith("Kingston upon Thames (314)") and "4 → 3" in rows[0]
    assert _axe(page) == []
    # the ratings page (its ratings kept per judgement state) shows the judgement at once
    page.goto(f"{server}/?q=314")
    assert "performs well" in page.inner_text("main").lower()
    # the command line reads the same database
    r = subprocess.run(
        [*CSRATING, "judge", "314", "--dataset", "seeds-2009", "--year", "2009", "--history", "--db",
         database],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert r.returncode == 0 and "Serious concerns found at a later visit." in r.stdout, r.stdout + r.stderr


def test_sign_in_errors_and_unknown_la(page, server):
    page.goto(f"{server}/accounts/login/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", "wrong password")
    page.click("button:has-text('Sign in')")
    assert "The user name or password is not right" in page.inner_text(".govuk-error-summary")
    assert _axe(page) == []
    response = page.goto(f"{server}/la/999/")
    assert response.status == 404


def test_pages_need_the_govuk_assets_from_npm():
    assert (ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "govuk-frontend.min.css").exists()
    assert Path(AXE).exists()


def test_letter_downloads_apa_letter_methodology_and_search(page, server):
    page.goto(f"{server}/la/314/")
    with page.expect_download() as d:
        page.click("text=PDF")
    assert Path(d.value.path()).read_bytes()[:5] == b"%PDF-" and d.value.suggested_filename == "314-2009.pdf"
    with page.expect_download() as d:
        page.click("text=Word")
    assert Path(d.value.path()).read_bytes()[:2] == b"PK"
    claims = page.request.get(f"{server}/la/314/letter.claims.json").json()
    assert claims["la_code"] == "314" and claims["synthetic"] is True and claims["claims"]
    assert page.request.get(f"{server}/la/314/letter.rtf").status == 404
    page.click("text=The 2007 annual performance assessment")
    assert page.locator("h1").inner_text() == "Annual performance assessment 2007"
    assert "The rule gives 4; the recorded overall grade is 4: they agree" in page.inner_text("main")
    assert page.locator("#apa-jar tbody tr").count() == 6
    assert _axe(page) == []
    page.click("text=Read the letter")
    assert "2007 annual performance assessment of services for children" in page.inner_text("h1")
    assert page.request.get(f"{server}/la/202/apa/2007/").status == 404
    page.goto(f"{server}/methodology/")
    assert "LIM-SAFEGUARDING" in page.inner_text("body")
    assert page.locator("#parameters .govuk-tag").count() > 10  # assumed parameters are flagged
    assert _axe(page) == []
    page.goto(server)
    page.fill("#q", "kent")
    page.click("button:has-text('Find')")
    assert page.locator("#ratings tbody tr").all_inner_texts()[0].startswith("Kent (886)")
    assert page.locator("#ratings tbody tr").count() == 1
    page.fill("#q", "Atlantis")
    page.click("button:has-text('Find')")
    assert "No local authority matches" in page.inner_text("main")
    assert _axe(page) == []


def test_the_methodology_page_lists_every_rule_of_every_kind_and_each_parameters_provenance(page, server):
    import csrating.letters  # noqa: F401 - names the letter (wording) rules' package
    from csrating.methodology.loader import load
    from csrating.rules import KINDS, rules

    page.goto(f"{server}/methodology/")
    registry = rules()
    for kind in KINDS:
        listed = page.locator(f".csr-rules[data-kind='{kind}'] [data-code]")
        codes = [listed.nth(i).get_attribute("data-code") for i in range(listed.count())]
        want = [c for c, r in registry.items() if r.kind == kind]
        assert sorted(codes) == sorted(want) and codes, kind  # every rule of the kind, once
    assert len(registry) > 40 and {r.kind for r in registry.values()} == set(KINDS)
    # each rule with its code, kind and statement (its module's docstring)
    row = page.locator("[data-code='CLAIM-SETTINGS-OVERALL']")
    assert "letter, settings-01" in row.inner_text()
    assert registry["CLAIM-SETTINGS-OVERALL"].doc.split("\n")[0] in row.locator(".csr-doc").inner_text()
    assert "apa, overall" in page.inner_text("[data-code='APA-OVERALL']")
    # the rating rules the year runs come first, in the order they run; the others are marked
    rating = page.locator(".csr-rules[data-kind='rating'] [data-code]")
    assert rating.first.get_attribute("data-code") == "BAND-SETTINGS"
    assert "Not in 2009" in page.inner_text("[data-code='LIM-PRIORITY-ACTION']")
    assert "Not in 2009" not in page.inner_text("[data-code='LIM-UNANNOUNCED-2009']")
    # every parameter of the year with its provenance in words
    m = load(2009)
    assert page.locator("#parameters tbody tr").count() == len(m.parameters)
    for name, prm in m.parameters.items():
        cell = page.locator(f"#parameters tr[data-name='{name}'] .csr-provenance").inner_text()
        assert cell.strip().lower() == prm.provenance, name
    assert _axe(page) == []


def test_the_la_page_shows_the_indicators_and_what_is_missing(page, server):
    page.goto(f"{server}/la/314/")
    ss = page.locator("#indicators-SS")
    assert ss.locator("caption").inner_text() == "Staying safe"
    assert ss.locator("tbody tr").count() > 3
    assert "What the profile is missing" in page.inner_text("main")
    # the evidence the rating rests on: coverage of each block, the dates, every source as at its date
    assert "Evidence - settings:" in page.inner_text("#coverage")
    assert "inspections of the LA counted to 2009-11-30" in page.inner_text("#dates")
    assert "as at 2009-12-09" in page.inner_text("#sources")
    assert _axe(page) == []
    page.goto(server)
    assert "not rated: insufficient evidence" in page.inner_text("main").lower()
    assert "as at 2009-12-09" in page.locator("#sources").text_content()


def test_the_la_page_names_each_indicator_by_its_short_name(page, latest_server):
    """The present-day profile's indicators are listed by the short plain-English names the letters use
    (letters/indicator_names.yaml), each with its code and period."""
    from csrating.letters.indicator_names import short_names

    page.goto(f"{latest_server}/la/202/")
    cells = page.locator("table[id^='indicators-'] tbody tr td:first-child").all_inner_texts()
    assert len(cells) > 10
    for cell in cells:
        item = cell.rsplit(" (", 1)[1].split(",")[0]
        name = short_names()[item]
        assert cell == f"{name[:1].upper()}{name[1:]} ({item}, {cell.rsplit(', ', 1)[1]}", cell
    care_leavers = next(c for c in cells if "(NI148, " in c)
    assert care_leavers.startswith("Care leavers aged 19 to 21 in education, employment or training (NI148, ")
    # the indicators the profile expects but the data lack are named too, with their codes
    missing = page.locator("li", has_text="Indicators with no value").inner_text()
    assert "children's emotional health in the pupil survey (NI50)" in missing
    assert _axe(page) == []


def test_the_methodology_year_can_be_switched(page, server):
    page.goto(f"{server}/la/314/")
    assert "2009" in page.inner_text(".govuk-caption-l")
    page.select_option("#year-choice", "2011")
    page.click("button:has-text('Show')")
    assert page.url.endswith("/la/314/")
    assert "2011" in page.inner_text(".govuk-caption-l")
    page.goto(f"{server}/methodology/")
    assert "Children's services assessment 2011" in page.inner_text("h1")
    page.goto(f"{server}/accounts/login/")
    assert page.locator("#year-choice").input_value() == "2011"
    assert _axe(page) == []
    page.select_option("#year-choice", "2009")
    page.click("button:has-text('Show')")
    assert page.title() == "Sign in - csrating" and page.locator("#year-choice").input_value() == "2009"


def test_ratings_and_profile_downloads(page, server):
    page.goto(server)
    csv_text = page.request.get(f"{server}/ratings.csv").text()
    lines = csv_text.strip().splitlines()
    assert len(lines) == 5 and "la_code" in lines[0]
    assert page.request.get(f"{server}/ratings.xlsx").body()[:2] == b"PK"
    assert page.request.get(f"{server}/ratings.pdf").status == 404
    profile = page.request.get(f"{server}/la/314/profile.json").json()
    assert profile["la_code"] == "314" and profile["synthetic"] is True and profile["indicators"]
    table = page.request.get(f"{server}/la/314/profile.csv").text().splitlines()
    assert table[0].startswith("la_code,") and len(table) > 50
