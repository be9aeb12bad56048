"""Ratings out: one tidy table (CSV), and a workbook following the Analysis Function's guidance for
releasing statistics in spreadsheets - a cover sheet, a notes sheet, one table per sheet, no merged cells,
a header row per table."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from csrating import safe
from csrating.profile.evidence import sources_text
from csrating.rating.engine import Rating, distribution

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


def table(ratings: list[Rating]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "la_code": r.la_code,
                "la_name": r.la_name,
                "year": r.year,
                "grade": r.grade,
                "rating": r.label,
                "computed_grade": r.computed_grade,
                "withheld": r.withheld,
                "withheld_reason": r.withheld_reason,
                "not_rated": r.not_rated,
                "not_rated_reason": r.not_rated_reason,
                **evidence_columns(r),
                "settings_band": r.bands.get("settings"),
                "indicators_band": r.bands.get("indicators"),
                "provisional": r.provisional,
                "before_judgement": r.before_judgement,
                "judgement_id": r.judgement["id"] if r.judgement else None,
                "limited_by": ", ".join(r.limited_by),
                "rules_fired": ", ".join(r.fired()),
                "dataset": r.dataset,
                "synthetic": r.synthetic,
            }
            for r in ratings
        ],
        schema_overrides={
            "grade": pl.Int8,
            "computed_grade": pl.Int8,
            "settings_band": pl.Int8,
            "indicators_band": pl.Int8,
            "provisional": pl.Int8,
            "before_judgement": pl.Int8,
            "judgement_id": pl.Int64,
            "withheld_reason": pl.String,
            "not_rated_reason": pl.String,
            "indicators_share": pl.Float64,
            "settings_inspected_share": pl.Float64,
            "settings_coverage_vs_real": pl.Float64,
            "expected_settings": pl.Int64,
        },
    )


def evidence_columns(r: Rating) -> dict[str, object]:
    """The evidence a rating rests on, as columns: coverage of each block, the dates, the sources."""
    e = r.evidence
    st, ind, lai = e.get("settings", {}), e.get("indicators", {}), e.get("la_inspections", {})
    dates = e.get("dates", {})
    return {
        "indicators_share": ind.get("share"),
        "settings_inspected_share": st.get("inspected_share"),
        "settings_coverage_vs_real": st.get("coverage_vs_real"),
        "expected_settings": st.get("expected_settings"),
        "la_judgements_present": f"{lai.get('present')}/{lai.get('expected')}",
        "census_date": dates.get("census_date"),
        "la_inspections_cutoff": dates.get("la_inspections_cutoff"),
        "sources_as_at": sources_text(e),
    }


def sources_table(ratings: list[Rating]) -> pl.DataFrame:
    """The sources the ratings rest on: profile blocks, title, publisher and as-at date."""
    seen: dict[tuple[str, str | None], dict[str, object]] = {}
    for r in ratings:
        for src in r.evidence.get("sources", []):
            seen.setdefault(
                (src["title"], src["as_at"]),
                {
                    "blocks": ", ".join(src["blocks"]),
                    "title": src["title"],
                    "publisher": src.get("publisher"),
                    "as_at": src["as_at"],
                },
            )
    return pl.DataFrame(
        list(seen.values()),
        schema={"blocks": pl.String, "title": pl.String, "publisher": pl.String, "as_at": pl.String},
    )


def trace_table(ratings: list[Rating]) -> pl.DataFrame:
    rows = []
    for r in ratings:
        for t in r.trace:
            rows.append(
                {
                    "la_code": r.la_code,
                    "rule": t.code,
                    "stage": t.stage,
                    "fired": t.fired,
                    "grade_before": t.grade_before,
                    "grade_after": t.grade_after,
                    "message": t.message,
                    "parameters": "; ".join(
                        f"{p.name}={p.value}{' (assumed)' if p.assumed else ''}" for p in t.params
                    ),
                    "figures": "; ".join(f"{f.name}={f.value}" for f in t.figures),
                }
            )
    return pl.DataFrame(rows, schema_overrides={"grade_before": pl.Int8, "grade_after": pl.Int8})


def write_csv(ratings: list[Rating], path: Path) -> None:
    safe.write_csv(table(ratings), path)


def write_xlsx(
    ratings: list[Rating], path: Path, methodology_year: str, dataset: str, synthetic: bool
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    cover = wb.worksheets[0]  # a new workbook's one (active) sheet
    cover.title = "Cover"
    lines = [
        (f"Children's services ratings {methodology_year}, reproduced by csrating", True),
        (f"Dataset: {dataset}", False),
        (
            f"Methodology: {methodology_year} (csrating methodology file; assumed parameters are flagged)",
            False,
        ),
        (f"Produced: {datetime.now(UTC).date().isoformat()}", False),
        ("These are csrating's reproductions, not Ofsted's published ratings.", False),
        ("SYNTHETIC: this workbook holds made-up figures." if synthetic else "", bool(synthetic)),
        (ATTRIBUTION, False),
        (
            "Sheets: Notes; Ratings (one row per LA); Distribution; Sources (as-at dates); "
            "Trace (one row per LA and rule).",
            False,
        ),
    ]
    for i, (text, bold) in enumerate([ln for ln in lines if ln[0]], start=1):
        safe.put(cover, i, 1, text).font = Font(bold=bold, size=14 if i == 1 else 11)
    notes = wb.create_sheet("Notes")
    note_rows = [
        (
            "grade",
            "4 performs excellently, 3 performs well, 2 performs adequately, 1 performs poorly; "
            "blank when withheld or not rated",
        ),
        (
            "rating",
            "the grade's label, 'withheld', or 'not rated: insufficient evidence' where the profile holds "
            "less evidence than the methodology's evidence levels (rule EVIDENCE-GATE): never a grade",
        ),
        ("not_rated_reason", "which block fell short of the evidence levels, and by how much"),
        ("indicators_share", "share of the year's expected indicator items with a value for the LA"),
        ("settings_inspected_share", "share of the settings counted open at the census with an inspection"),
        (
            "settings_coverage_vs_real / expected_settings",
            "inspected settings against the real number of settings then, where the dataset gives it; "
            "blank: unknown",
        ),
        ("census_date / la_inspections_cutoff", "settings census; cut-off for inspections of the LA"),
        ("sources_as_at", "every source the rating rests on, with its as-at date (also the Sources sheet)"),
        ("computed_grade", "the grade the rules reached, also for a withheld rating"),
        ("settings_band / indicators_band", "bands of the two profile blocks from fixed cut-offs"),
        ("provisional", "grade from the bands, before key-group thresholds"),
        ("before_judgement", "grade before any recorded professional judgement"),
        ("limited_by", "limiting rules that fired (they run after judgements)"),
        ("rules_fired", "every rule that decided something; the Trace sheet gives each rule's reasoning"),
    ]
    _write(notes, pl.DataFrame(note_rows, schema=["column", "meaning"], orient="row"))
    _write(wb.create_sheet("Ratings"), table(ratings))
    dist = distribution(ratings)
    _write(
        wb.create_sheet("Distribution"),
        pl.DataFrame({"rating": list(dist), "local_authorities": list(dist.values())}),
    )
    _write(wb.create_sheet("Sources"), sources_table(ratings))
    _write(wb.create_sheet("Trace"), trace_table(ratings))
    wb.save(path)


def _write(ws, df: pl.DataFrame) -> None:  # noqa: ANN001 - openpyxl worksheet
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    safe.append(ws, df.columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in df.iter_rows():
        safe.append(ws, list(row))
    for i, col in enumerate(df.columns, start=1):
        width = max([len(col)] + [len(str(v)) for v in df[col].head(200).to_list() if v is not None])
        ws.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
