"""Reader of local authority code lists.

Three published layouts map onto ``local_authorities``:

* LAIT's ``la_code_list.xlsx``: ``LA Number``, ``LA Name``, ``Region``, ``Type`` (rows 970 and above are
  England and the regions, and are left out);
* the 152-LA structure of 2009 (``la_list_2009_structure_152.csv``): ``old_la_code``, ``gss_code_2012``,
  ``la_name``, ``region_code``, ``region_name``, ``la_type`` - the authorities rated in 2009, 2010 and 2011;
* the code history 2012-2025 (``la_code_history_2012_2025.csv``): one row per (old code, GSS code) with the
  years each pair was in use; the latest pair of each old code is kept and the years give valid dates.

Every code must be a three-digit DfE code; an unknown LA type is an error. The dataset build adds the
package's own reference list, so this reader is needed only to restrict or document a universe of LAs
(option ``universe: true`` marks the file's LAs as the dataset's universe, listed in the manifest).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import cast

import polars as pl

from csrating.enums import LaType
from csrating.findings import FindingCode
from csrating.sources import canonical
from csrating.sources.registry import ReadContext, reader
from csrating.sources.tabular import read_table

LAYOUTS = {
    "lait": {"code": "LA Number", "name": "LA Name", "region_name": "Region", "type": "Type"},
    "structure": {
        "code": "old_la_code",
        "gss": "gss_code_2012",
        "name": "la_name",
        "region_code": "region_code",
        "region_name": "region_name",
        "type": "la_type",
    },
    "history": {
        "code": "old_la_code",
        "gss": "new_la_code",
        "name": "la_name",
        "region_code": "region_code",
        "region_name": "region_name",
        "type": "la_type",
        "first": "first_year",
        "last": "last_year",
    },
}


@reader("dfe_la_list", tables=("local_authorities",), options={})
def read(path: Path, ctx: ReadContext) -> dict[str, pl.DataFrame]:
    """A DfE LA code list (LAIT code list, the 2009 152-LA structure, or the 2012-2025 code history)."""
    raw = read_table(path, ctx.findings, label=ctx.label)
    if raw is None:
        return {}
    layout = next(
        (name for name, cols in reversed(LAYOUTS.items()) if all(c in raw.header for c in cols.values())),
        None,
    )
    if layout is None:
        ctx.findings.error(
            ctx.label,
            FindingCode.MISSING_COLUMN,
            "the header matches no known LA list layout; expected LA Number/LA Name/Region/Type, or "
            "old_la_code/gss_code_2012/la_name/region_code/region_name/la_type, or the code history columns",
            row=1,
        )
        return {}
    cols = LAYOUTS[layout]
    found: dict[str, dict[str, object]] = {}
    for row in raw:
        code = row.text(cols["code"], required=True)
        if code is None:
            continue
        if code.isdigit() and int(code) >= 970:  # England and regions in LAIT's list
            continue
        if not re.fullmatch(r"\d{3}", code):
            row.error(cols["code"], FindingCode.UNKNOWN_LA_CODE, f"{code!r} is not a three-digit DfE LA code")
            continue
        la_type = row.text(cols["type"])
        if la_type is not None and la_type not in LaType.values():
            row.error(
                cols["type"],
                FindingCode.UNKNOWN_CATEGORY,
                f"{la_type!r} is not one of {', '.join(LaType.values())}",
            )
            continue
        rec: dict[str, object] = {
            "la_code": code,
            "gss_code": row.text(cols["gss"]) if "gss" in cols else None,
            "name": row.text(cols["name"], required=True),
            "la_type": la_type,
            "region_code": row.text(cols["region_code"]) if "region_code" in cols else None,
            "region_name": row.text(cols["region_name"]),
            "source": ctx.source("dfe_la_list"),
            "synthetic": False,
        }
        if layout == "history":
            # a code may carry several GSS codes over time: keep the latest, date it by the whole span
            first, last = row.integer(cols["first"]), row.integer(cols["last"])
            prev = found.get(code)
            if prev is not None:
                first = min(first or 9999, cast("int | None", prev["_first"]) or 9999)
                if (cast("int | None", prev["_last"]) or 0) > (last or 0):
                    prev["_first"] = first
                    prev["valid_from"] = date(first, 4, 1) if first > 2012 else None
                    continue
            rec["_first"], rec["_last"] = first, last
            rec["valid_from"] = date(first, 4, 1) if first and first > 2012 else None
            rec["valid_to"] = date(last, 3, 31) if last and last < 2025 else None
        elif code in found:
            row.error(cols["code"], FindingCode.DUPLICATE_KEY, f"LA code {code} appears twice")
            continue
        found[code] = rec
    return {"local_authorities": canonical.frame("local_authorities", found.values())}
