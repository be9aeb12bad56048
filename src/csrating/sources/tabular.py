"""Reading published tables safely: every reader goes through here.

``read_table`` opens a CSV (or one sheet of an .xlsx/.ods workbook), checks the bytes and the shape, and
returns a :class:`RawTable` of text cells with the row number a person would see in a spreadsheet. Problems
are added to a :class:`Findings` collection instead of being raised:

* missing file, empty file, a header with no rows;
* wrong encoding (not UTF-8 and not Windows-1252, e.g. UTF-16 or binary);
* a truncated file (last row cut short, unclosed quote);
* missing columns (all of them listed, not only the first);
* rows with more or fewer fields than the header (an unquoted comma, a lost field);
* a file mixing encodings (UTF-8 with a stray Windows-1252 byte is refused with the offending row);
* size limits: bytes, rows, one cell, and the decompressed size of a workbook (see ``LIMITS``).

``Row`` then parses cells into dates, numbers, markers and grades, adding a finding (file, row, column,
what was expected) for each cell it cannot read.
"""

from __future__ import annotations

import csv
import io
import math
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


@dataclass
class Limits:
    """Size guards: a file beyond one of them is refused with a clear message before it is parsed whole."""

    max_bytes: int = 512 * 1024 * 1024  # a CSV file, or the decompressed parts of a workbook
    max_rows: int = 2_000_000
    max_cell: int = 64 * 1024  # characters in one cell
    max_ratio: int = 200  # decompressed/compressed size of a workbook part (a zip bomb is far beyond)


LIMITS = Limits()

# dates a published source can plausibly hold (each reader may narrow the range)
EARLIEST_DATE = date(1900, 1, 1)
LATEST_YEARS_AHEAD = 2  # today's year + this
# a figure beyond this magnitude is a damaged cell (1e23), never a published count, rate or amount
MAX_MAGNITUDE = 1e12


def decode(raw: bytes, label: str, findings: Findings) -> str | None:
    """UTF-8 (with or without BOM), else Windows-1252; anything else is a WRONG-ENCODING error.

    Strict: a file is one encoding. A file that is mostly UTF-8 (it holds multi-byte UTF-8 sequences) but
    has a byte that is not UTF-8 is refused with the row of that byte, never read as Windows-1252 mojibake.
    """
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
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    if raw.startswith(b"\xef\xbb\xbf") or _UTF8_MULTIBYTE.search(raw):
        line = raw[:bad_at].count(b"\n") + 1
        findings.error(
            label,
            FindingCode.WRONG_ENCODING,
            f"the file is UTF-8 but byte 0x{raw[bad_at]:02x} at offset {bad_at} (line {line}) is not; "
            "a file must be one encoding (UTF-8 or Windows-1252): re-save it as UTF-8",
            row=line,
        )
        return None
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


# a well-formed UTF-8 multi-byte sequence (2-4 bytes): its presence means the file was written as UTF-8
# (Windows-1252 text would need an unlikely pair such as "Ã©" to match)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


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
        """The rows; once they have all been read, a column the reader used that is blank in every row
        is a warning (its default stood in for every value), so that a blanked column is never silent."""
        pos = {name: i for i, name in enumerate(self.header)}
        self.used: set[str] = set()
        self.absent: set[str] = set()
        for number, cells in self.rows:
            yield Row(self, number, cells, pos)
        for column in sorted(self.used):
            i = pos[column]
            if len(self.rows) > 1 and not any(i < len(cells) and cells[i] for _, cells in self.rows):
                self.findings.warning(
                    self.label,
                    FindingCode.MISSING_VALUE,
                    f"column {column!r} is blank in every row; nothing was read from it",
                    column=column,
                )


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
        size = path.stat().st_size
        if size > LIMITS.max_bytes:
            findings.error(
                label,
                FindingCode.UNREADABLE_FILE,
                f"the file is {size:,} bytes; the limit is {LIMITS.max_bytes:,} "
                "(csrating.sources.tabular.LIMITS)",
            )
            return None
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
    if len(records) > LIMITS.max_rows:
        findings.error(
            label,
            FindingCode.UNREADABLE_FILE,
            f"the file has {len(records):,} rows; the limit is {LIMITS.max_rows:,}",
        )
        return None
    if not _cells_within_limit(records, header_row, label, findings):
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
    long_rows = [(i, cells) for i, cells in body if len(cells) > len(header) and any(cells[len(header) :])]
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
                f"row {i} has {len(cells)} fields; the header has {width} (a lost field or separator)",
                row=i,
            )
    for i, cells in long_rows:
        findings.error(
            label,
            FindingCode.TRUNCATED_FILE,
            f"row {i} has {len(cells)} fields; the header has {len(header)} (an unquoted comma or an extra "
            "field: quote the cell or remove the field)",
            row=i,
        )
    if short_rows or long_rows:
        return None
    body = [(i, cells[: len(header)]) for i, cells in body]
    return RawTable(label, header, body, findings)


def _cells_within_limit(records: list[list[str]], header_row: int, label: str, findings: Findings) -> bool:
    over = 0
    for i, cells in enumerate(records, start=1):
        for j, c in enumerate(cells):
            if len(c) > LIMITS.max_cell:
                over += 1
                if over <= 20:
                    findings.error(
                        label,
                        FindingCode.UNREADABLE_FILE,
                        f"a cell of row {i} (field {j + 1}) holds {len(c):,} characters; the limit is "
                        f"{LIMITS.max_cell:,} (an unclosed quote can swallow the rest of the file)",
                        row=i,
                    )
    return over == 0


def _parse_csv(text: str, label: str, findings: Findings) -> tuple[list[list[str]] | None, bool]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, LIMITS.max_cell * 4 + 1))  # a long cell is judged by _cells_within_limit
    try:
        records = list(reader)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            findings.error(
                label,
                FindingCode.UNREADABLE_FILE,
                f"a cell near line {reader.line_num} holds more than {LIMITS.max_cell * 4:,} characters; "
                f"the limit is {LIMITS.max_cell:,}",
                row=reader.line_num,
            )
            return None, False
        findings.error(
            label,
            FindingCode.TRUNCATED_FILE,
            f"the CSV cannot be parsed near line {reader.line_num}: {exc} (an unclosed quote at the end "
            "suggests a truncated file)",
            row=reader.line_num,
        )
        return None, True
    finally:
        csv.field_size_limit(limit)
    truncated = not text.endswith(("\n", "\r"))
    return records, truncated


def _read_sheet(path: Path, sheet: str | None, label: str, findings: Findings) -> list[list[str]] | None:
    if not _workbook_within_limits(path, label, findings):
        return None
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


def _workbook_within_limits(path: Path, label: str, findings: Findings) -> bool:
    """Refuse a workbook whose parts decompress beyond the limits (a zip bomb), from the zip directory
    alone: nothing is decompressed here."""
    import zipfile

    if not zipfile.is_zipfile(path):
        return True  # .xls and damaged files: the engine reports them
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        findings.error(label, FindingCode.UNREADABLE_FILE, f"cannot open as a workbook: {exc}")
        return False
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    worst = max(infos, key=lambda i: i.file_size / max(1, i.compress_size), default=None)
    if total > LIMITS.max_bytes:
        findings.error(
            label,
            FindingCode.UNREADABLE_FILE,
            f"the workbook decompresses to {total:,} bytes; the limit is {LIMITS.max_bytes:,}",
        )
        return False
    if worst is not None and worst.file_size > 1024 * 1024 and total / packed > LIMITS.max_ratio:
        findings.error(
            label,
            FindingCode.UNREADABLE_FILE,
            f"the workbook part {worst.filename} decompresses "
            f"{worst.file_size / max(1, worst.compress_size):,.0f} times its stored size "
            f"({total:,} bytes in all): refused as a possible zip bomb",
        )
        return False
    return True


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
        used = getattr(self.table, "used", None)
        if used is not None:
            used.add(column)
        return self.cells[i] if i < len(self.cells) else ""

    def get(self, column: str, default: str = "") -> str:
        """An optional column: where the file has no such column, ``default`` stands in, with one warning."""
        if column in self._pos:
            return self[column]
        absent = getattr(self.table, "absent", None)
        if absent is not None and column not in absent:
            absent.add(column)
            self.table.findings.warning(
                self.table.label,
                FindingCode.MISSING_COLUMN,
                f"the file has no column {column!r}; {default!r} is used for every row",
                column=column,
            )
        return default

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
                d = datetime.strptime(v, fmt).date()
            except ValueError:
                continue
            latest = date(date.today().year + LATEST_YEARS_AHEAD, 12, 31)
            if not EARLIEST_DATE <= d <= latest:
                self.error(
                    column,
                    FindingCode.BAD_DATE,
                    f"{v!r} is outside the plausible range {EARLIEST_DATE} to {latest}",
                )
                return None
            return d
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
            value = float(v.replace(",", "").rstrip("%"))
        except ValueError:
            value = None
        if value is not None:
            if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
                self.error(
                    column,
                    FindingCode.BAD_NUMBER,
                    f"{v!r} is outside the plausible range of a published figure (magnitude up to "
                    f"{MAX_MAGNITUDE:.0e})",
                )
                return None, None
            return value, None
        else:
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


def absent_optional(findings: Findings, label: str, column: str, field: str, row: int = 1) -> None:
    """An optional column the file does not have: a warning, so that its absence is never silent."""
    findings.warning(
        label,
        FindingCode.MISSING_COLUMN,
        f"optional column {column!r} is absent; {field} is left blank for every row",
        row=row,
        column=column,
    )


def _human_format(fmt: str) -> str:
    return fmt.replace("%Y", "YYYY").replace("%m", "MM").replace("%d", "DD").replace("%y", "YY")
