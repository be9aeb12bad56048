"""Findings about input data: collected, never raised one at a time.

Every reader and validator appends to a :class:`Findings` collection and carries on, so a user sees
every problem of a file in one run. A build with any error is refused whole (see ``dataset.py``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from csrating import safe
from csrating.enums import Severity, StrEnum


class FindingCode(StrEnum):
    """Stable codes for problems found in input files. Documented in docs/findings.md."""

    FILE_NOT_FOUND = "FILE-NOT-FOUND"
    EMPTY_FILE = "EMPTY-FILE"
    WRONG_ENCODING = "WRONG-ENCODING"
    TRUNCATED_FILE = "TRUNCATED-FILE"
    MISSING_COLUMN = "MISSING-COLUMN"
    MISSING_VALUE = "MISSING-VALUE"
    UNKNOWN_GRADE = "UNKNOWN-GRADE"
    UNKNOWN_CATEGORY = "UNKNOWN-CATEGORY"
    UNKNOWN_LA_CODE = "UNKNOWN-LA-CODE"
    UNMATCHED_LA_NAME = "UNMATCHED-LA-NAME"
    DUPLICATE_KEY = "DUPLICATE-KEY"
    BAD_DATE = "BAD-DATE"
    BAD_NUMBER = "BAD-NUMBER"
    MARKER_EXPECTED = "MARKER-EXPECTED"  # text that is neither a figure nor a known status marker
    VALUE_EXPECTED = "VALUE-EXPECTED"  # a status marker stands where a value is required
    UNREADABLE_FILE = "UNREADABLE-FILE"
    BAD_RECIPE = "BAD-RECIPE"
    SCHEMA = "SCHEMA"
    OUT_OF_SCOPE = "OUT-OF-SCOPE"  # a row deliberately left out (e.g. a provider outside England)
    WORD_NOT_OF_DATE = "WORD-NOT-OF-DATE"  # "satisfactory" after Sept 2012, "requires improvement" before
    UNIT_MISMATCH = "UNIT-MISMATCH"  # an England/region figure in another unit than the LAs'

    @property
    def description(self) -> str:
        return FINDING_DESCRIPTIONS[self]


FINDING_DESCRIPTIONS: dict[FindingCode, str] = {
    FindingCode.FILE_NOT_FOUND: "The file named in the recipe does not exist.",
    FindingCode.EMPTY_FILE: "The file has no bytes, or a header and no data rows.",
    FindingCode.WRONG_ENCODING: "The bytes are neither UTF-8 nor Windows-1252 text "
    "(for example UTF-16 or binary).",
    FindingCode.TRUNCATED_FILE: "The file ends part-way through a row: a row has fewer fields than "
    "the header or an unclosed quote.",
    FindingCode.MISSING_COLUMN: "A column the reader needs is not in the header.",
    FindingCode.MISSING_VALUE: "A required cell is blank.",
    FindingCode.UNKNOWN_GRADE: "A grade is not one the reader knows for that framework.",
    FindingCode.UNKNOWN_CATEGORY: "A category (setting type, sector, polarity, inspection type...) "
    "is not one the reader knows.",
    FindingCode.UNKNOWN_LA_CODE: "A local authority code is not in the reference list of English LAs.",
    FindingCode.UNMATCHED_LA_NAME: "A local authority name matches no known LA, "
    "even after normalising variants.",
    FindingCode.DUPLICATE_KEY: "Two rows share a key that must be unique (for example a URN).",
    FindingCode.BAD_DATE: "A date cannot be parsed in the format the file uses.",
    FindingCode.BAD_NUMBER: "A number cannot be parsed and is not a known status marker.",
    FindingCode.MARKER_EXPECTED: "A cell that may hold only a figure or a status marker holds other text "
    "(e.g. 'n/a', 'supp'): expected a number or one of c, x, z, low.",
    FindingCode.VALUE_EXPECTED: "A status marker (c, x, z, low) stands where a figure is required.",
    FindingCode.UNREADABLE_FILE: "The file cannot be opened in its declared format (spreadsheet, Parquet).",
    FindingCode.BAD_RECIPE: "The dataset recipe is malformed.",
    FindingCode.SCHEMA: "A canonical table breaks its schema (type, allowed values, key).",
    FindingCode.OUT_OF_SCOPE: "A row is deliberately left out of the canonical tables, with the reason.",
    FindingCode.WORD_NOT_OF_DATE: "A grade word belongs to the other wording of its date: grade 3 was "
    "'satisfactory' before 1 September 2012 and 'requires improvement' from then on.",
    FindingCode.UNIT_MISMATCH: "An England or region indicator figure is not in the LAs' unit (outside the "
    "range of the LA figures for a rate or percentage; below the largest LA for a count): read as marker "
    "nc (not comparable), so no LA is compared with it.",
}


@dataclass(frozen=True)
class Finding:
    file: str
    row: int | None  # 1-based line/row number in the file as a person would count it (header = 1)
    column: str | None
    code: FindingCode
    severity: Severity
    message: str

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["code"] = self.code.value
        d["severity"] = self.severity.value
        return d

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{self.severity.value.upper()} {self.code.value} {where}: {self.message}"


class Findings:
    """An append-only collection of findings for one import."""

    def __init__(self) -> None:
        self._items: list[Finding] = []

    def add(
        self,
        file: str | Path,
        code: FindingCode,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self._items.append(Finding(str(file), row, column, code, severity, message))

    def error(
        self,
        file: str | Path,
        code: FindingCode,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.add(file, code, message, row=row, column=column, severity=Severity.ERROR)

    def warning(
        self,
        file: str | Path,
        code: FindingCode,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.add(file, code, message, row=row, column=column, severity=Severity.WARNING)

    def extend(self, other: Iterable[Finding]) -> None:
        self._items.extend(other)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self._items if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self._items if f.severity is Severity.WARNING]

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self._items)

    def codes(self) -> set[FindingCode]:
        return {f.code for f in self._items}

    def write_csv(self, path: str | Path) -> None:
        fields = ["file", "row", "column", "code", "severity", "message"]
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, fieldnames=fields)
            w.writeheader()
            for f in self._items:
                w.writerow(safe.row(f.as_dict()))


class ImportRefused(Exception):
    """Raised after collection when an import has errors; carries every finding."""

    def __init__(self, findings: Findings):
        self.findings = findings
        n = len(findings.errors)
        super().__init__(f"import refused: {n} error{'s' if n != 1 else ''} found")
