"""A letter in every output format: Markdown, HTML (accessible, GOV.UK typography), PDF (WeasyPrint,
tagged PDF/UA), Word (.docx), and claims.json beside it. HTML and Word carry the same paragraphs."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from csrating.letters.letter import Letter

FORMATS = ("md", "html", "pdf", "docx")


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("csrating.letters", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=False),
        keep_trailing_newline=True,
    )


def markdown(letter: Letter) -> str:
    env = Environment(loader=PackageLoader("csrating.letters", "templates"), autoescape=False)
    return env.get_template("letter.md.j2").render(letter=letter)


def html(letter: Letter) -> str:
    return _env().get_template("letter.html.j2").render(letter=letter)


def pdf(letter: Letter) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(letter)).write_pdf(pdf_variant="pdf/ua-1")


def docx(letter: Letter) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = f"{letter.heading} {letter.year}: {letter.la_name}"
    doc.core_properties.language = "en-GB"
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    doc.add_paragraph(letter.date)
    for line in letter.addressee:
        doc.add_paragraph(line)
    doc.add_paragraph(letter.salutation)
    doc.add_heading(letter.heading, level=1)
    for p in letter.intro:
        doc.add_paragraph(p)
    t = doc.add_table(rows=1, cols=3)
    for cell, text in zip(t.rows[0].cells, ("Grade", "Rating", "Meaning"), strict=True):
        cell.text = text
    for s in letter.scale:
        row = t.add_row().cells
        row[0].text, row[1].text, row[2].text = s["grade"], s["label"], s["meaning"]
    doc.add_paragraph(letter.scale_note)
    doc.add_heading(letter.rating_heading, level=2)
    r = doc.add_table(rows=1, cols=2)
    r.rows[0].cells[0].text, r.rows[0].cells[1].text = "Children's services rating", letter.rating_label
    doc.add_paragraph().add_run(letter.verdict).bold = True
    for name in ("settings", "indicators"):
        if text := letter.paragraph(name):
            doc.add_paragraph(text)
    doc.add_paragraph(letter.statutory)
    doc.add_paragraph(letter.closing)
    for line in letter.signatory:
        doc.add_paragraph(line)
    for n in letter.notes:
        doc.add_paragraph(n).runs[0].italic = True
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_many(
    letters: list[Letter],
    out_dir: Path,
    formats: tuple[str, ...],
    jobs: int = 1,
    progress: Callable[[], object] | None = None,
) -> list[Path]:
    """Write many letters; with jobs > 1 they are rendered in that many processes (PDF is slow)."""
    files: list[Path] = []
    if jobs <= 1 or len(letters) < 2:
        for letter in letters:
            files += write(letter, out_dir, formats)
            if progress:
                progress()
        return files
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for result in pool.map(_write_one, [(letter, out_dir, formats) for letter in letters], chunksize=4):
            files += result
            if progress:
                progress()
    return files


def _write_one(args: tuple[Letter, Path, tuple[str, ...]]) -> list[Path]:
    return write(*args)


def write(
    letter: Letter, out_dir: Path, formats: tuple[str, ...] = ("html",), stem: str | None = None
) -> list[Path]:
    """Write the letter in the formats asked for, and claims.json beside it; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = stem or f"{letter.la_code}-{letter.year}"
    files = []
    for fmt in formats:
        path = out_dir / f"{stem}.{fmt}"
        if fmt == "md":
            path.write_text(markdown(letter), encoding="utf-8")
        elif fmt == "html":
            path.write_text(html(letter), encoding="utf-8")
        elif fmt == "pdf":
            path.write_bytes(pdf(letter))
        elif fmt == "docx":
            path.write_bytes(docx(letter))
        else:
            raise ValueError(f"unknown format {fmt!r}; formats are {', '.join(FORMATS)}")
        files.append(path)
    claims = out_dir / f"{stem}.claims.json"
    claims.write_text(
        json.dumps(letter.claims_json(), indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    files.append(claims)
    return files
