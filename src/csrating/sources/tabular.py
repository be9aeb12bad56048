"""Reading published tables safely: every reader goes through here.

``read_table`` opens a CSV (or one sheet of an .xlsx/.ods workbook), checks the bytes and the shape, and
returns a :class:`RawTable` of text cells with the row number a person would see in a spreadsheet. Problems
are added to a :class:`Findings` collection instead of being raised:

* missing file, empty file, a header with no rows;
* wrong encoding (not UTF-8 and not Windows-1252, e.g. UTF-16 or binary);
* a truncated file (last row cut short, unclosed quote);
* missing columns (all of them listed, not only the first).

``Row`` then parses cells into dates, numbers, markers and grades, adding a finding (file, row, column,
what was expected) for each cell it cannot read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from csrating.enums import JudgementGrade, Marker, SettingGrade
from csrating.findings import FindingCode, Findings

MARKERS: dict[str, Marker] = {
    "c": Marker.SUPPRESSED,
    "x": Marker.NOT_AVAILABLE,
    "z": Marker.NOT_APPLICABLE,
    "low": Marker.LOW,
    "-": Marker.NOT_AVAILABLE,  # LAIT: not available
    ":": Marker.NOT_AVAILABLE,  # older GSS symbol for not available
    "..": Marker.NOT_AVAILABLE,
}

SETTING_GRADE_WORDS: dict[str, SettingGrade] = {
    "1": SettingGrade.OUTSTANDING,
    "outstanding": SettingGrade.OUTSTANDING,
    "2": SettingGrade.GOOD,
    "good": SettingGrade.GOOD,
    "3": SettingGrade.SATISFACTORY,
    "satisfactory": SettingGrade.SATISFACTORY,
    "adequate": SettingGrade.SATISFACTORY,
    "requires improvement": SettingGrade.SATISFACTORY,
    "requires improvement to be good": SettingGrade.SATISFACTORY,
    "4": SettingGrade.INADEQUATE,
    "inadequate": SettingGrade.INADEQUATE,
}

JUDGEMENT_GRADE_WORDS: dict[str, JudgementGrade] = {
    "outstanding": JudgementGrade.OUTSTANDING,
    "good": JudgementGrade.GOOD,
    "adequate": JudgementGrade.ADEQUATE,
    "satisfactory": JudgementGrade.ADEQUATE,
    "requires improvement": JudgementGrade.ADEQUATE,
    "requires improvement to be good": JudgementGrade.ADEQUATE,
    "inadequate": JudgementGrade.INADEQUATE,
}


def decode(raw: bytes, label: str, findings: Findings) -> str | None:
    """UTF-8 (with or without BOM), else Windows-1252; anything else is a WRONG-ENCODING error."""
    if b"\x00" in raw[:4096]:
        findings.error(
            label,
            FindingCode.WRONG_ENCODING,
            "the file holds NUL bytes (UTF-16 or binary); expected UTF-8 or Windows-1252 text",
            row=1,
        )
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        findings.error(
            label,
            FindingCode.WRONG_ENCODING,
            f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is neither UTF-8 nor Windows-1252",
            row=line,
        )
        return None


@dataclass
class RawTable:
    """Text cells of a published table, with the row numbers a person would see."""

    label: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    findings: Findings

    def __len__(self) -> int:
        return len(self.rows)

    def index(self, column: str) -> int:
        return self.header.index(column)

    def __iter__(self) -> Iterator[Row]:
        pos = {name: i for i, name in enumerate(self.header)}
        for number, cells in self.rows:
            yield Row(self, number, cells, pos)


def _clean_header(cells: Sequence[str]) -> list[str]:
    return [re.sub(r"\s+", " ", c.replace("\ufeff", "")).strip() for c in cells]


def read_table(
    path: str | Path,
    findings: Findings,
    *,
    required: Sequence[str] = (),
    header_row: int = 1,
    sheet: str | None = None,
    label: str | None = None,
) -> RawTable | None:
    """Read a CSV or one workbook sheet. Returns None (with findings) when the file cannot be used."""
    path = Path(path)
    label = label or path.name
    if not path.exists():
        findings.error(label, FindingCode.FILE_NOT_FOUND, f"no such file: {path}")
        return None
    if path.suffix.lower() in (".xlsx", ".xls", ".ods"):
        records = _read_sheet(path, sheet, label, findings)
        if records is None:
            return None
        truncated = False
    else:
        raw = path.read_bytes()
        if not raw.strip():
            findings.error(
                label, FindingCode.EMPTY_FILE, "the file is empty; expected a header row and data rows"
            )
            return None
        text = decode(raw, label, findings)
        if text is None:
            return None
        records, truncated = _parse_csv(text, label, findings)
        if records is None:
            return None
    if len(records) < header_row:
        findings.error(
            label, FindingCode.EMPTY_FILE, f"expected a header at row {header_row}; the file is shorter"
        )
        return None
    header = _clean_header(records[header_row - 1])
    body = []
    for i, cells in enumerate(records[header_row:], start=header_row + 1):
        if not any(c.strip() for c in cells):
            continue  # blank line
        body.append((i, [c.strip() for c in cells]))
    if not body:
        findings.error(label, FindingCode.EMPTY_FILE, "the file has a header but no data rows")
        return None
    missing = [c for c in required if c not in header]
    for c in missing:
        findings.error(
            label,
            FindingCode.MISSING_COLUMN,
            f"column {c!r} is missing from the header",
            row=header_row,
            column=c,
        )
    if missing:
        return None
    width = len(header)
    while width and header[width - 1] == "":  # trailing empty header cells (a trailing comma)
        width -= 1
    short_rows = [(i, cells) for i, cells in body if len(cells) < width]
    last_i = body[-1][0]
    for i, cells in short_rows:
        if truncated or i == last_i:
            findings.error(
                label,
                FindingCode.TRUNCATED_FILE,
                f"the file ends part-way through row {i}: {len(cells)} of {width} fields",
                row=i,
            )
        else:
            findings.error(
                label,
                FindingCode.TRUNCATED_FILE,
                f"row {i} has {len(cells)} fields; the header has {width}",
                row=i,
            )
    if short_rows:
        return None
    return RawTable(label, header, body, findings)


def _parse_csv(text: str, label: str, findings: Findings) -> tuple[list[list[str]] | None, bool]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as exc:
        findings.error(
            label,
            FindingCode.TRUNCATED_FILE,
            f"the CSV cannot be parsed near line {reader.line_num}: {exc} (an unclosed quote at the end "
            "suggests a truncated file)",
            row=reader.line_num,
        )
        return None, True
    truncated = not text.endswith(("\n", "\r"))
    return records, truncated


def _read_sheet(path: Path, sheet: str | None, label: str, findings: Findings) -> list[list[str]] | None:
    try:
        import fastexcel

        book = fastexcel.read_excel(str(path))
        name = sheet if sheet is not None else book.sheet_names[0]
        if name not in book.sheet_names:
            findings.error(
                label,
                FindingCode.UNREADABLE_FILE,
                f"no sheet {name!r}; sheets are {', '.join(book.sheet_names)}",
            )
            return None
        frame = book.load_sheet(name, header_row=None).to_polars()
    except Exception as exc:  # the engine reports format errors with many exception types
        findings.error(label, FindingCode.UNREADABLE_FILE, f"cannot open as a workbook: {exc}")
        return None
    out = []
    for row in frame.iter_rows():
        out.append(["" if v is None else _cell_text(v) for v in row])
    return out


def _cell_text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat()
    return str(v)


class Row:
    """One data row: typed access to its cells, each failure recorded as a finding."""

    __slots__ = ("table", "rownum", "cells", "_pos")

    def __init__(self, table: RawTable, rownum: int, cells: list[str], pos: dict[str, int]):
        self.table = table
        self.rownum = rownum  # the row number a person sees in a spreadsheet (header = 1)
        self.cells = cells
        self._pos = pos

    def __getitem__(self, column: str) -> str:
        i = self._pos[column]
        return self.cells[i] if i < len(self.cells) else ""

    def get(self, column: str, default: str = "") -> str:
        return self[column] if column in self._pos else default

    def error(self, column: str | None, code: FindingCode, message: str) -> None:
        self.table.findings.error(self.table.label, code, message, row=self.rownum, column=column)

    def warning(self, column: str | None, code: FindingCode, message: str) -> None:
        self.table.findings.warning(self.table.label, code, message, row=self.rownum, column=column)

    def unique(self, column: str, value: str | None, seen: dict[str, int], what: str = "key") -> bool:
        """Record ``value`` as seen on this row; a repeat is a DUPLICATE-KEY error naming the first row."""
        if value is None:
            return False
        if value in seen:
            self.error(column, FindingCode.DUPLICATE_KEY, f"{what} {value} is already on row {seen[value]}")
            return False
        seen[value] = self.rownum
        return True

    def text(self, column: str, *, required: bool = False) -> str | None:
        v = self[column]
        if v == "":
            if required:
                self.error(column, FindingCode.MISSING_VALUE, "expected a value, found a blank cell")
            return None
        return v

    def date(
        self, column: str, formats: Sequence[str] = ("%Y-%m-%d",), *, required: bool = False
    ) -> date | None:
        v = self[column]
        if v == "":
            if required:
                self.error(column, FindingCode.MISSING_VALUE, "expected a date, found a blank cell")
            return None
        v = v[:10] if re.match(r"\d{4}-\d\d-\d\d[ T]00:00(:00)?$", v) else v
        for fmt in formats:
            try:
                return datetime.strptime(v, fmt).date()
            except ValueError:
                continue
        shown = " or ".join(_human_format(f) for f in formats)
        self.error(column, FindingCode.BAD_DATE, f"{v!r} is not a date in the form {shown}")
        return None

    def number(
        self, column: str, *, markers: bool = True, required: bool = False
    ) -> tuple[float | None, Marker | None]:
        """A figure or a status marker. Blank -> (None, None). Unknown text -> finding."""
        v = self[column]
        if v == "":
            if required:
                self.error(column, FindingCode.MISSING_VALUE, "expected a number, found a blank cell")
            return None, None
        m = MARKERS.get(v.lower())
        if m is not None:
            if not markers:
                self.error(
                    column,
                    FindingCode.VALUE_EXPECTED,
                    f"the status marker {v!r} stands where this file always publishes a figure",
                )
                return None, None
            return None, m
        try:
            return float(v.replace(",", "").rstrip("%")), None
        except ValueError:
            known = ", ".join(sorted({k for k in MARKERS}))
            self.error(
                column,
                FindingCode.BAD_NUMBER if not markers else FindingCode.MARKER_EXPECTED,
                f"{v!r} is neither a number nor a status marker ({known})"
                if markers
                else f"{v!r} is not a number",
            )
            return None, None

    def integer(self, column: str, *, required: bool = False) -> int | None:
        value, _marker = self.number(column, markers=False, required=required)
        if value is None:
            return None
        if not value.is_integer():
            self.error(column, FindingCode.BAD_NUMBER, f"{self[column]!r} is not a whole number")
            return None
        return int(value)

    def setting_grade(self, column: str, *, required: bool = False, blanks: Sequence[str] = ()) -> int | None:
        v = self[column].strip()
        if v == "" or v in blanks:
            if required:
                self.error(column, FindingCode.MISSING_VALUE, "expected a grade, found a blank cell")
            return None
        g = SETTING_GRADE_WORDS.get(v.lower())
        if g is None:
            self.error(
                column,
                FindingCode.UNKNOWN_GRADE,
                f"{v!r} is not a grade; expected 1-4 or Outstanding, Good, Requires improvement, "
                "Satisfactory, Inadequate",
            )
            return None
        return int(g)

    def judgement_grade(
        self, column: str, *, required: bool = False, blanks: Sequence[str] = ()
    ) -> int | None:
        v = self[column].strip()
        if v == "" or v.lower() in {b.lower() for b in blanks}:
            if required:
                self.error(column, FindingCode.MISSING_VALUE, "expected a judgement, found a blank cell")
            return None
        g = JUDGEMENT_GRADE_WORDS.get(v.lower())
        if g is None:
            self.error(
                column,
                FindingCode.UNKNOWN_GRADE,
                f"{v!r} is not a judgement; expected Outstanding, Good, Adequate, Requires improvement "
                "(to be good) or Inadequate",
            )
            return None
        return int(g)


def _human_format(fmt: str) -> str:
    return fmt.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD").replace("%y", "YY")
