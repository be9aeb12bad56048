"""Build the packaged LA reference tables from the public files in ../shared/data/raw.

Writes src/csrating/reference/local_authorities.csv (every English children's services authority since
2009 with DfE code, GSS code, type, region, valid dates) and la_name_aliases.csv (published spelling
variants). Run: python scripts/build_reference.py [--raw ../shared/data/raw]

Contains public sector information licensed under the Open Government Licence v3.0 (DfE LAIT LA code list;
DfE children in need and population files via the derived LA reference tables; Data to Insight LA lookup).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "csrating" / "reference"

# Authorities created on 1 April 2009 (Bedfordshire and Cheshire reorganisation); the CIN files start in 2012
# so they cannot show it. Dates of later reorganisations come from the code history's first/last years.
CREATED_2009 = {"822", "823", "895", "896"}

# Published LA name variants the derived tables do not carry: (name as published, DfE code). Hand-curated;
# add a line when a reader meets a real published spelling that fails to match.
EXTRA_ALIASES: list[tuple[str, str]] = [
    ("London Corporation", "201"),  # Data to Insight ILACS scrape: City of London
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--raw", default=str(ROOT.parent / "shared" / "data" / "raw"))
    raw = Path(ap.parse_args().raw)

    codes = pl.read_excel(raw / "dfe-lait" / "la_code_list.xlsx").with_columns(
        pl.col("LA Number").cast(pl.String)
    )
    codes = codes.filter(pl.col("LA Number").cast(pl.Int32) < 970)
    history = pl.read_csv(raw / "derived-la-reference" / "la_code_history_2012_2025.csv", infer_schema=False)
    # the GSS code the authority carries last, and the span of years it appears in DfE files
    span = history.group_by("old_la_code").agg(
        pl.col("first_year").cast(pl.Int32).min().alias("first"),
        pl.col("last_year").cast(pl.Int32).max().alias("last"),
        pl.col("new_la_code").sort_by(pl.col("last_year").cast(pl.Int32)).last().alias("gss"),
        pl.col("region_code").last(),
        pl.col("region_name").last(),
    )
    lookup = pl.read_csv(raw / "d2i-ilacs-scrape" / "Provider_data_lookup.csv", infer_schema=False)

    rows = []
    for r in codes.join(span, left_on="LA Number", right_on="old_la_code", how="left").iter_rows(named=True):
        code = r["LA Number"]
        first, last = r["first"], r["last"]
        valid_from = (
            "2009-04-01" if code in CREATED_2009 else (f"{first}-04-01" if first and first > 2012 else "")
        )
        valid_to = f"{last}-03-31" if last and last < 2025 else ""
        rows.append(
            {
                "la_code": code,
                "gss_code": r["gss"] or "",
                "name": r["LA Name"].replace(" (Pre LG)", ""),
                "la_type": r["Type"],
                "region_code": r["region_code"] or "",
                "region_name": r["Region"],
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
        )
    rows.sort(key=lambda x: x["la_code"])
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "local_authorities.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)

    aliases: set[tuple[str, str]] = set()
    for r in lookup.iter_rows(named=True):
        code = r["la_code"]
        for name in (r["local_authority_ons_name"], r["ltla23nm"], r["utla23nm"]):
            if name:
                aliases.add((name, code))
        if r["also_known_as"]:
            for name in r["also_known_as"].strip("[]").split(","):
                name = name.strip().strip("'\"")
                aliases.add((name, code))
    for r in history.iter_rows(named=True):
        aliases.add((r["la_name"], r["old_la_code"]))
        if r["lait_la_name"]:
            aliases.add((r["lait_la_name"], r["old_la_code"]))
    aliases.update(EXTRA_ALIASES)
    known = {r["la_code"] for r in rows}
    with open(OUT / "la_name_aliases.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["alias", "la_code"])
        for name, code in sorted(aliases):
            if code in known:
                w.writerow([name, code])
    print(f"wrote {len(rows)} authorities and {len(aliases)} aliases to {OUT}")


if __name__ == "__main__":
    main()
