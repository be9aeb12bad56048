"""The letter in every format: the PDF renders to pages and is tagged, the Word file opens and holds the
same paragraphs as the HTML, the HTML passes an automated accessibility check (axe-core)."""

import html as htmllib
import json
import re
import shutil
import subprocess
from io import BytesIO

import pytest
from docx import Document

from csrating.letters import render
from tests.conftest import BAD, ROOT


def _html_paragraphs(text: str) -> list[str]:
    body = text.split("<main>", 1)[1]
    body = re.sub(r"<table>.*?</table>", "", body, flags=re.S)
    blocks = re.findall(r"<(p|h1|h2|address)[^>]*>(.*?)</\1>", body, flags=re.S)
    out = []
    for _, inner in blocks:
        for line in re.split(r"<br>", inner):
            line = htmllib.unescape(re.sub(r"<[^>]+>", "", line)).strip()
            if line:
                out.append(" ".join(line.split()))
    return out


def _docx_paragraphs(data: bytes) -> list[str]:
    doc = Document(BytesIO(data))
    return [" ".join(p.text.split()) for p in doc.paragraphs if p.text.strip()]


@pytest.mark.parametrize("la", ["314", "886"])
def test_docx_holds_the_same_paragraphs_as_the_html(seed_letters, la):
    letter = seed_letters[la]
    assert _docx_paragraphs(render.docx(letter)) == _html_paragraphs(render.html(letter))
    doc = Document(BytesIO(render.docx(letter)))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Performs excellently" in cells and letter.rating_label in cells


def test_pdf_renders_to_pages_and_is_tagged(seed_letters, tmp_path):
    for tool in ("pdftoppm", "pdfinfo"):
        assert shutil.which(tool), f"{tool} (poppler-utils) is installed by scripts/install.sh"
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(render.pdf(seed_letters["207"]))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 1 <= pages <= 4
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == pages and all(p.stat().st_size > 1000 for p in pngs)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Kensington and Chelsea perform excellently" in " ".join(text.split())


def _axe(*files):
    node = shutil.which("node")
    assert node and (ROOT / "node_modules" / "axe-core").exists(), (
        "npm packages are installed by scripts/install.sh"
    )
    return subprocess.run(
        [node, str(ROOT / "scripts" / "a11y.mjs"), *map(str, files)], capture_output=True, text=True
    )


def test_html_passes_the_accessibility_check(seed_letters, tmp_path):
    files = []
    for la, letter in seed_letters.items():
        f = tmp_path / f"{la}.html"
        f.write_text(render.html(letter), encoding="utf-8")
        files.append(f)
    r = _axe(*files)
    report = json.loads(r.stdout)
    assert r.returncode == 0, report
    assert all(item["violations"] == [] and item["passes"] > 10 for item in report)


def test_the_accessibility_check_can_fail():
    r = _axe(BAD / "html" / "inaccessible.html")
    assert r.returncode == 1
    assert {v["id"] for v in json.loads(r.stdout)[0]["violations"]} >= {"html-has-lang", "image-alt"}


def test_markdown_and_claims_json_are_written(seed_letters, tmp_path):
    files = render.write(seed_letters["202"], tmp_path, ("md", "html"))
    names = sorted(f.name for f in files)
    assert names == ["202-2009.claims.json", "202-2009.html", "202-2009.md"]
    md = (tmp_path / "202-2009.md").read_text()
    assert "| Children's services rating | Performs excellently (4) |" in md
    claims = json.loads((tmp_path / "202-2009.claims.json").read_text())
    assert claims["synthetic"] is True and claims["grade"] == 4
    assert all(c["figures"] and c["checks"] and c["rule"].startswith("CLAIM-") for c in claims["claims"])
