"""A letter in every output format: Markdown, HTML (accessible, GOV.UK typography), PDF (WeasyPrint,
tagged PDF/UA), Word (.docx), and claims.json beside it. HTML and Word carry the same paragraphs.

Both kinds of letter render here: the rating letter (:class:`Letter`, templates ``letter.*.j2``) and the
annual performance assessment letter (``ApaLetter``, ``apa_letter.*.j2``); each names its ``template``
and lays out its own Word document (``docx_body``)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from csrating import safe
from csrating.letters.letter import LetterParts

FORMATS = ("md", "html", "pdf", "docx")


@cache
def _env(escape: bool) -> Environment:
    """The templates, loaded once: HTML escaped, Markdown not."""
    return Environment(
        loader=PackageLoader("csrating.letters", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=False) if escape else False,
        keep_trailing_newline=escape,
    )


def markdown(letter: LetterParts) -> str:
    return _env(False).get_template(f"{letter.template}.md.j2").render(letter=letter)


def html(letter: LetterParts) -> str:
    return _env(True).get_template(f"{letter.template}.html.j2").render(letter=letter)


def pdf(letter: LetterParts) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(letter)).write_pdf(pdf_variant="pdf/ua-1")


def docx(letter: LetterParts) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    doc.core_properties.title = f"{letter.heading} {letter.year}: {letter.la_name}"
    doc.core_properties.language = "en-GB"
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    letter.docx_body(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def write_many(
    letters: list[LetterParts],
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


def _write_one(args: tuple[LetterParts, Path, tuple[str, ...]]) -> list[Path]:
    return write(*args)


def write(
    letter: LetterParts, out_dir: Path, formats: tuple[str, ...] = ("html",), stem: str | None = None
) -> list[Path]:
    """Write the letter in the formats asked for, and claims.json beside it; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = safe.file_part(stem or f"{letter.la_code}-{letter.year}")
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
