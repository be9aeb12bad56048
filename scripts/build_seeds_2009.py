"""Expand the hand-written specification of the seeds-2009 dataset into canonical CSV tables.

    .venv/bin/python scripts/build_seeds_2009.py [--out DIR] [--check]

Reads data/sources/seeds-2009/spec.yaml and writes, into the same folder (or --out), the canonical tables
local_authorities (the 40 synthetic neighbours only), statistical_neighbours, la_contacts, settings,
setting_inspections, setting_benchmarks, indicator_definitions, indicator_values, la_inspections,
serious_case_reviews, apa_judgements and jar_recommendations, plus README.md: the map from each factual
statement of the five seed letters to the figures that make it true.

Before writing, every claim of the spec is checked against the tables just built, under the conventions
the profile engine uses (census 31 August 2009, latest inspection known by then, similar areas = mean of
the 10 neighbours) with clear margins; the script refuses to write when a claim fails or a table breaks
its canonical schema. --check builds and checks without writing. Deterministic: no randomness.

Contains public sector information licensed under the Open Government Licence v3.0 (the seed letters,
Ofsted 2007 and 2009). Comparator and neighbour figures are synthetic.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
import zlib
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from math import sqrt
from pathlib import Path
from typing import Any

import yaml

from csrating.enums import remit_of
from csrating.findings import Findings
from csrating.sources import canonical

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "data" / "sources" / "seeds-2009"
SPEC = FOLDER / "spec.yaml"
REFERENCE = ROOT / "src" / "csrating" / "reference" / "local_authorities.csv"
ENGLAND = "E92000001"
DS = "seeds-2009"

# engine conventions (methodology/2009.yaml) the claims are also checked against
WILSON_MIN_N = 20
ENGINE_SHARE_TOL = 5.0
ENGINE_IND_TOL_PP = 2.0
ENGINE_IND_TOL_REL = 0.05
WEAK_OUTCOME_SHARE = 0.33
SCR_WINDOW_MONTHS = 24
OUTCOMES = ("BH", "SS", "EA", "MPC", "AEW")
GRADE_WORD = {1: "outstanding", 2: "good", 3: "satisfactory", 4: "inadequate"}
JUDGEMENT_WORD = {4: "outstanding", 3: "good", 2: "adequate", 1: "inadequate"}

TYPE_ABBR = {
    "childminder": "CM",
    "childcare_non_domestic": "CC",
    "nursery_school": "NUR",
    "primary_school": "PRI",
    "secondary_school": "SEC",
    "school_sixth_form": "SF",
    "special_school": "SPE",
    "pupil_referral_unit": "PRU",
    "general_fe_college": "FE",
    "sixth_form_college": "SFC",
    "childrens_home": "CH",
    "la_fostering_agency": "FOS",
    "la_adoption_agency": "ADO",
    "private_fostering": "PF",
}
TYPE_LABEL = {
    "nursery_school": "Nursery school",
    "primary_school": "Primary school",
    "secondary_school": "Secondary school",
    "school_sixth_form": "School sixth form",
    "special_school": "Special school",
    "pupil_referral_unit": "Pupil referral unit",
    "general_fe_college": "General further education college",
    "sixth_form_college": "Sixth form college",
    "childrens_home": "Children's home",
}
AGENCY_NAME = {
    "la_fostering_agency": "{la} council fostering service",
    "la_adoption_agency": "{la} council adoption service",
    "private_fostering": "{la} council private fostering arrangements",
}

# columns written per table (canonical names; optional columns never filled are left out)
COLUMNS = {
    "local_authorities": ["la_code", "name", "la_type", "region_code", "region_name", "source", "synthetic"],
    "statistical_neighbours": ["model", "la_code", "rank", "neighbour_code", "source", "synthetic"],
    "la_contacts": [
        "year",
        "la_code",
        "council_name",
        "director_name",
        "director_title",
        "salutation",
        "address",
        "signatory_name",
        "signatory_title",
        "source",
        "synthetic",
    ],
    "settings": [
        "remit",
        "urn",
        "name",
        "setting_type",
        "la_code",
        "sector",
        "registration_date",
        "closed_date",
        "source",
        "synthetic",
    ],
    "setting_inspections": [
        "remit",
        "urn",
        "inspection_id",
        "inspection_date",
        "known_at",
        "overall",
        *OUTCOMES,
        "source",
        "synthetic",
    ],
    "setting_benchmarks": [
        "area_type",
        "area_code",
        "setting_type",
        "census_date",
        "outstanding",
        "good",
        "satisfactory",
        "inadequate",
        "source",
        "synthetic",
    ],
    "indicator_definitions": [
        "code",
        "name",
        "ecm_outcome",
        "polarity",
        "unit",
        "decimal_places",
        "topic",
        "ni_code",
        "source",
        "synthetic",
    ],
    "indicator_values": [
        "code",
        "area_type",
        "area_code",
        "breakdown",
        "period",
        "year",
        "value",
        "source",
        "synthetic",
    ],
    "la_inspections": [
        "la_code",
        "inspection_type",
        "aspect",
        "grade",
        "start_date",
        "end_date",
        "published_date",
        "priority_actions",
        "date_precision",
        "source",
        "synthetic",
    ],
    "serious_case_reviews": ["la_code", "reference", "evaluation_date", "grade", "source", "synthetic"],
    "apa_judgements": ["la_code", "year", "aspect", "grade", "letter_date", "source", "synthetic"],
    "jar_recommendations": [
        "la_code",
        "jar_year",
        "apa_year",
        "number",
        "area",
        "timescale",
        "text",
        "progress",
        "source",
        "synthetic",
    ],
    "apa_narrative": [
        "la_code",
        "year",
        "aspect",
        "kind",
        "number",
        "text",
        "jar_number",
        "progress",
        "source",
        "synthetic",
    ],
}

MULTIPLIERS = (1.0, -1.0, 0.6, -0.6, 0.2, -0.2, 0.8, -0.8, 0.4, -0.4)  # sum to zero, in +/- pairs


# --------------------------------------------------------------------------------------------- helpers
def crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def rnd(x: float, dp: int) -> float:
    """Round half up (published figures are rounded that way; Python's round is half-to-even)."""
    q = Decimal(1).scaleb(-dp)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def sym_round(x: float, dp: int) -> float:
    """Round the magnitude half up and keep the sign, so +a and -a round to opposite values."""
    return rnd(abs(x), dp) * (1 if x >= 0 else -1)


def fmt_num(v: float, dp: int) -> str:
    return f"{v:.{dp}f}"


def pct(a: float, b: float) -> float:
    return 100.0 * a / b if b else float("nan")


def wilson(good: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    p = good / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def is_percent(unit: str) -> bool:
    return "%" in unit or "percent" in unit


# --------------------------------------------------------------------------------------------- building
class Builder:
    def __init__(self, spec: dict[str, Any]):
        self.spec = spec
        self.census: date = spec["census_date"]
        self.published: date = spec["letters_published"]
        self.periods: dict[str, int] = spec["periods"]
        self.period_names = list(self.periods)
        self.defs: dict[str, dict[str, Any]] = spec["indicators"]
        self.t: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.reference = self._reference()

    @staticmethod
    def _reference() -> dict[str, dict[str, str]]:
        with REFERENCE.open(encoding="utf-8") as f:
            return {r["la_code"]: r for r in csv.DictReader(f)}

    # -- the whole dataset
    def build(self) -> dict[str, list[dict[str, Any]]]:
        self._definitions()
        self._england()
        for code, la in self.spec["las"].items():
            ref = self.reference.get(code)
            if ref is None or ref["name"] != la["name"]:
                raise SystemExit(f"LA {code} {la['name']!r} is not in the package reference list as such")
            self._neighbours(code, la)
            self._contacts(code, la)
            self._la_settings(code, la)
            self._la_indicators(code, la)
            self._la_level(code, la)
        return self.t

    # -- indicator definitions
    def _definitions(self) -> None:
        for code, d in self.defs.items():
            self.t["indicator_definitions"].append(
                {
                    "code": code,
                    "name": d["name"],
                    "ecm_outcome": d["outcome"],
                    "polarity": d["polarity"],
                    "unit": d["unit"],
                    "decimal_places": d["dp"],
                    "topic": d.get("topic"),
                    "ni_code": code,
                    "source": f"{DS}:NIS definition" + (" (unit adapted)" if d.get("adapted") else ""),
                    "synthetic": bool(d.get("adapted")),
                }
            )

    # -- England: setting benchmarks and indicator values
    def _england(self) -> None:
        for stype, counts in self.spec["england"]["settings"].items():
            o, g, s, i = counts
            self.t["setting_benchmarks"].append(
                {
                    "area_type": "england",
                    "area_code": ENGLAND,
                    "setting_type": stype,
                    "census_date": self.census,
                    "outstanding": o,
                    "good": g,
                    "satisfactory": s,
                    "inadequate": i,
                    "source": f"{DS}:England comparator",
                    "synthetic": True,
                }
            )
        self.england_values: dict[tuple[str, str], list[float]] = {}
        for code, vals in self.spec["england"]["indicators"].items():
            self.england_values[(code, "all")] = [float(v) for v in vals]
        for bd, per_code in self.spec["england"]["breakdowns"].items():
            for code, vals in per_code.items():
                self.england_values[(code, bd)] = [float(v) for v in vals]
        for (code, bd), vals in sorted(self.england_values.items()):
            self._values(code, "england", ENGLAND, bd, vals, f"{DS}:England comparator", True)

    def _values(self, code, area_type, area_code, bd, vals, source, synthetic, stated=None) -> None:
        dp = self.defs[code]["dp"]
        for period, v in zip(self.period_names, vals, strict=True):
            st = (stated or {}).get(period)
            self.t["indicator_values"].append(
                {
                    "code": code,
                    "area_type": area_type,
                    "area_code": area_code,
                    "breakdown": bd,
                    "period": period,
                    "year": self.periods[period],
                    "value": rnd(v, dp),
                    "source": st or source,
                    "synthetic": synthetic if st is None else False,
                }
            )

    # -- neighbours: authorities, model rows, their settings and indicator values
    def neighbour_codes(self, code: str) -> list[str]:
        return [f"S{code}{letter}" for letter in self.spec["neighbour_letters"]]

    def _neighbours(self, code: str, la: dict[str, Any]) -> None:
        region_code, region_name = la["region"]
        for rank, (letter, nb) in enumerate(
            zip(self.spec["neighbour_letters"], self.neighbour_codes(code), strict=True), start=1
        ):
            self.t["local_authorities"].append(
                {
                    "la_code": nb,
                    "name": f"Synthetic neighbour {letter} of {la['name']}",
                    "la_type": la["la_type"],
                    "region_code": region_code,
                    "region_name": region_name,
                    "source": f"{DS}:synthetic neighbour",
                    "synthetic": True,
                }
            )
            self.t["statistical_neighbours"].append(
                {
                    "model": self.spec["neighbour_model"],
                    "la_code": code,
                    "rank": rank,
                    "neighbour_code": nb,
                    "source": f"{DS}:synthetic neighbour",
                    "synthetic": True,
                }
            )
        self._neighbour_settings(code, la)
        self._neighbour_indicators(code, la)

    def _neighbour_settings(self, code: str, la: dict[str, Any]) -> None:
        nbs = self.neighbour_codes(code)
        for stype, target in la["similar_settings"].items():
            n = self.spec["neighbour_settings_per_type"][stype]
            total = int(rnd(target / 100 * 10 * n, 0))
            base, rem = divmod(total, 10)
            gob = [base + (1 if j < rem else 0) for j in range(10)]
            # scatter in pairs (j, j+5) so the total - and so the mean share - is unchanged
            for j, v in enumerate((0.10, 0.05, 0.0, 0.05, 0.10)):
                a = min(int(rnd(n * v, 0)), gob[j], n - gob[j + 5])
                gob[j] -= a
                gob[j + 5] += a
            for nb, g in zip(nbs, gob, strict=True):
                o = int(rnd(g * 0.3, 0))
                bad = n - g
                i = int(rnd(bad * 0.1, 0))
                counts = [o, g - o, bad - i, i]
                self._make_settings(nb, stype, counts, synthetic=True, source=f"{DS}:neighbour", named=False)

    def _neighbour_indicators(self, code: str, la: dict[str, Any]) -> None:
        nbs = self.neighbour_codes(code)
        for ind, spec in la["indicators"].items():
            d = self.defs[ind]
            la_vals = self._resolve(spec["la"], self.england_values[(ind, "all")], "E")
            sn = [rnd(v, d["dp"]) for v in self._resolve(spec["sn"], la_vals, "L")]
            r = crc(f"{code}:{ind}") % 10
            per_nb: list[list[float]] = [[] for _ in nbs]
            for t in sn:
                s = float(d["spread"])
                s = min(s, max(t, 0.0) * 0.5)
                if is_percent(d["unit"]):
                    s = min(s, (100.0 - t) * 0.5)
                for j in range(10):
                    m = MULTIPLIERS[(j + r) % 10]
                    per_nb[j].append(rnd(t + sym_round(s * m, d["dp"]), d["dp"]))
            for nb, vals in zip(nbs, per_nb, strict=True):
                self._values(ind, "la", nb, "all", vals, f"{DS}:neighbour", True)

    @staticmethod
    def _resolve(expr: Any, base: list[float], letter: str) -> list[float]:
        if isinstance(expr, list):
            return [float(v) for v in expr]
        text = str(expr).replace(" ", "")
        if not text.startswith(letter):
            raise SystemExit(
                f"cannot read value expression {expr!r} (expected a list or {letter}+x / {letter}-x)"
            )
        return [b + float(text[1:]) for b in base]

    # -- contacts
    def _contacts(self, code: str, la: dict[str, Any]) -> None:
        for year, c in la["contacts"].items():
            self.t["la_contacts"].append(
                {
                    "year": int(year),
                    "la_code": code,
                    "council_name": c["council_name"],
                    "director_name": c["director_name"],
                    "director_title": c["director_title"],
                    "salutation": c["salutation"],
                    "address": "\n".join(c["address"]),
                    "signatory_name": c["signatory_name"],
                    "signatory_title": c["signatory_title"],
                    "source": f"{DS}:letter address block",
                    "synthetic": False,
                }
            )

    # -- settings of a seed LA (and the distractors that must not count)
    def _la_settings(self, code: str, la: dict[str, Any]) -> None:
        stated = set(la.get("stated_settings", []))
        outcome_grades = la.get("outcome_grades", {})
        for stype, counts in la["settings"].items():
            og = outcome_grades.get(stype)
            self._make_settings(
                code,
                stype,
                counts,
                synthetic=stype not in stated,
                source=f"{DS}:settings of {code}" + (" (stated grades)" if stype in stated else ""),
                named=True,
                la_name=la["name"],
                outcomes=og,
            )
        for later in la.get("later_inspections", []):
            urn = next(
                s["urn"]
                for s in self.t["settings"]
                if s["la_code"] == code
                and s["setting_type"] == later["type"]
                and self._latest_grade(s["urn"]) == later["grade_at_census"]
            )
            if before := later.get("census_inspection_date"):
                # the inspection in force at the census: dated as the spec says (the letter: recent)
                cur = [i for i in self.t["setting_inspections"] if i["urn"] == urn]
                last = max(cur, key=lambda i: (i["known_at"], i["inspection_id"]))
                last["inspection_date"] = last["known_at"] = before
                for i in cur:
                    if i is not last and i["known_at"] >= before:
                        raise SystemExit(f"{urn}: an earlier inspection is dated after {before}")
            d = later["inspection_date"]
            self.t["setting_inspections"].append(
                {
                    "remit": remit_of(later["type"]).value,
                    "urn": urn,
                    "inspection_id": f"{urn}-I3",
                    "inspection_date": d,
                    "known_at": d,
                    "overall": later["grade"],
                    "source": f"{DS}:settings of {code} (stated: improved since)",
                    "synthetic": False,
                }
            )
        self._distractors(code)

    def _latest_grade(self, urn: str) -> int | None:
        rows = [i for i in self.t["setting_inspections"] if i["urn"] == urn and i["known_at"] <= self.census]
        return max(rows, key=lambda i: (i["known_at"], i["inspection_id"]))["overall"] if rows else None

    def _make_settings(
        self,
        la_code: str,
        stype: str,
        counts: list[int],
        *,
        synthetic: bool,
        source: str,
        named: bool,
        la_name: str = "",
        outcomes: dict[str, list[list[int]]] | None = None,
    ) -> None:
        grades = [g for g, c in zip((1, 2, 3, 4), counts, strict=True) for _ in range(c)]
        # deterministic interleave so the URN order does not follow the grade
        grades = [g for _, g in sorted(((crc(f"{la_code}{stype}{k}"), g) for k, g in enumerate(grades)))]
        sat_outcomes = list((outcomes or {}).get("satisfactory", []))
        abbr = TYPE_ABBR[stype]
        for k, grade in enumerate(grades, start=1):
            urn = f"SYN{la_code}-{abbr}-{k:03d}"
            name = None
            if named and stype in AGENCY_NAME:
                name = AGENCY_NAME[stype].format(la=la_name)
            elif named and stype in TYPE_LABEL:
                name = f"{TYPE_LABEL[stype]} {k:03d} (synthetic)"
            sector = {
                # in 2009 every pupil referral unit was an LA's own (alternative provision academies came
                # in 2012); Kent's letter speaks of the local authority's pupil referral units (seeds/002)
                "pupil_referral_unit": "local_authority",
                "childminder": "private",
                "childcare_non_domestic": "voluntary" if k % 4 == 0 else "private",
                "childrens_home": "private"
                if (named and k % 2 == 0 and len(grades) > 2)
                else "local_authority",
            }.get(stype, "local_authority" if stype in AGENCY_NAME else "state_funded")
            self.t["settings"].append(
                {
                    "remit": remit_of(stype).value,
                    "urn": urn,
                    "name": name,
                    "setting_type": stype,
                    "la_code": la_code,
                    "sector": sector,
                    "source": source,
                    "synthetic": synthetic,
                }
            )
            ecm: dict[str, int | None] = dict.fromkeys(OUTCOMES)
            insp_synthetic = synthetic
            if outcomes is not None:
                insp_synthetic = True  # outcome grades are partly made up
                if grade == 3 and sat_outcomes:
                    ecm = dict(zip(OUTCOMES, sat_outcomes.pop(0), strict=True))
                elif grade <= 2:
                    ecm = dict.fromkeys(OUTCOMES, grade)
            self._inspections(urn, remit_of(stype).value, grade, ecm, source, insp_synthetic)
        if sat_outcomes:
            raise SystemExit(f"{la_code} {stype}: more outcome rows than satisfactory settings")

    def _inspections(
        self, urn: str, remit: str, grade: int, ecm: dict[str, int | None], source: str, synthetic: bool
    ) -> None:
        h = crc(urn)
        latest = date(2006, 9, 1) + timedelta(days=h % 1063)  # up to 2009-07-30
        rows = []
        if h % 3 == 0 and latest >= date(2007, 6, 1):
            earlier = latest - timedelta(days=400 + (h >> 4) % 300)
            if earlier >= date(2006, 1, 2):
                eg = grade if (h >> 3) % 2 == 0 else (grade + 1 if grade < 4 else 3)
                rows.append((f"{urn}-I1", earlier, eg, dict.fromkeys(OUTCOMES)))
        rows.append((f"{urn}-I2", latest, grade, ecm))
        for iid, d, g, outcomes in rows:
            self.t["setting_inspections"].append(
                {
                    "remit": remit,
                    "urn": urn,
                    "inspection_id": iid,
                    "inspection_date": d,
                    "known_at": d,
                    "overall": g,
                    **outcomes,
                    "source": source,
                    "synthetic": synthetic,
                }
            )

    def _distractors(self, code: str) -> None:
        """Records the census rule must leave out: a closed childminder (inadequate), a childcare setting
        registered after the census, and a childminder never inspected (counted as open, not inspected)."""
        src = f"{DS}:census-rule distractor"
        rows = [
            ("X-CLOSED", "childminder", None, date(2009, 5, 31), (date(2008, 2, 12), 4)),
            ("X-NEW", "childcare_non_domestic", date(2009, 10, 5), None, (date(2009, 11, 18), 2)),
            ("X-UNINSPECTED", "childminder", date(2009, 3, 2), None, None),
        ]
        for suffix, stype, reg, closed, insp in rows:
            urn = f"SYN{code}-{suffix}"
            self.t["settings"].append(
                {
                    "remit": remit_of(stype).value,
                    "urn": urn,
                    "name": None,
                    "setting_type": stype,
                    "la_code": code,
                    "sector": "private",
                    "registration_date": reg,
                    "closed_date": closed,
                    "source": src,
                    "synthetic": True,
                }
            )
            if insp:
                self.t["setting_inspections"].append(
                    {
                        "remit": remit_of(stype).value,
                        "urn": urn,
                        "inspection_id": f"{urn}-I1",
                        "inspection_date": insp[0],
                        "known_at": insp[0],
                        "overall": insp[1],
                        "source": src,
                        "synthetic": True,
                    }
                )

    # -- indicator values of a seed LA
    def _la_indicators(self, code: str, la: dict[str, Any]) -> None:
        stated: dict[str, dict[str, str]] = defaultdict(dict)
        for s in la.get("stated_values", []):
            stated[s["code"]][s["period"]] = f"{DS}:letter value ({s['says']})"
        letter = la["letters"][0].split()[0]
        src = f"{DS}:indicators of {code} (letter {letter})"
        for ind, spec in la["indicators"].items():
            vals = self._resolve(spec["la"], self.england_values[(ind, "all")], "E")
            self._values(ind, "la", code, "all", vals, src, True, stated.get(ind))
        for s in la.get("stated_values", []):
            got = next(
                v["value"]
                for v in self.t["indicator_values"]
                if v["code"] == s["code"]
                and v["area_code"] == code
                and v["period"] == s["period"]
                and v["breakdown"] == "all"
            )
            if got != s["value"]:
                raise SystemExit(f"{code} {s['code']} {s['period']}: stated {s['value']}, spec gives {got}")
        for bd, per_code in la.get("breakdowns", {}).items():
            for ind, vals in per_code.items():
                self._values(ind, "la", code, bd, [float(v) for v in vals], src, True)

    # -- inspections of the LA, serious case reviews, APA and JAR recommendations
    def _la_level(self, code: str, la: dict[str, Any]) -> None:
        for i in la.get("la_inspections", []):
            self.t["la_inspections"].append(
                {
                    "la_code": code,
                    "inspection_type": i["inspection_type"],
                    "aspect": i["aspect"],
                    "grade": i["grade"],
                    "start_date": i["start_date"],
                    "date_precision": i.get("date_precision", "year"),  # most letters give the year
                    "source": f"{DS}:letter ({i['inspection_type']} judgement; date placeholder)",
                    "synthetic": not i.get("stated", False),
                }
            )
        for s in la.get("serious_case_reviews", []):
            self.t["serious_case_reviews"].append(
                {
                    "la_code": code,
                    "reference": s["reference"],
                    "evaluation_date": s["evaluation_date"],
                    "grade": s["grade"],
                    "source": f"{DS}:letter (SCR evaluation; date placeholder)",
                    "synthetic": not s.get("stated", False),
                }
            )
        if apa := la.get("apa"):
            for aspect, grade in apa["grades"].items():
                self.t["apa_judgements"].append(
                    {
                        "la_code": code,
                        "year": apa["year"],
                        "aspect": aspect,
                        "grade": grade,
                        "letter_date": apa["letter_date"],
                        "source": f"{DS}:APA letter {apa['year']}",
                        "synthetic": False,
                    }
                )
        if nar := la.get("apa_narrative"):
            for aspect, kinds in nar["aspects"].items():
                for kind, items in kinds.items():
                    for n, item in enumerate(items, start=1):
                        text = item if isinstance(item, str) else item["text"]
                        self.t["apa_narrative"].append(
                            {
                                "la_code": code,
                                "year": nar["year"],
                                "aspect": aspect,
                                "kind": kind,
                                "number": n,
                                "text": text,
                                "jar_number": None if isinstance(item, str) else item["jar"],
                                "progress": None if isinstance(item, str) else item["progress"],
                                "source": f"{DS}:APA letter {nar['year']} (paraphrased)",
                                "synthetic": False,
                            }
                        )
        if jar := la.get("jar_recommendations"):
            for n, item in enumerate(jar["items"], start=1):
                self.t["jar_recommendations"].append(
                    {
                        "la_code": code,
                        "jar_year": jar["jar_year"],
                        "apa_year": jar["apa_year"],
                        "number": n,
                        "area": item["area"],
                        "timescale": item["timescale"],
                        "text": item["text"],
                        "progress": item["progress"],
                        "source": f"{DS}:APA letter {jar['apa_year']} (paraphrased)",
                        "synthetic": False,
                    }
                )


# --------------------------------------------------------------------------------------------- checking
class Checker:
    """Recomputes the profile figures the letters rest on from the built tables and checks each claim."""

    def __init__(self, spec: dict[str, Any], t: dict[str, list[dict[str, Any]]]):
        self.spec = spec
        self.t = t
        self.census: date = spec["census_date"]
        self.published: date = spec["letters_published"]
        self.m = spec["margins"]
        self.bands = spec["bands"]
        self.latest = spec["latest_period"]
        self.periods = list(spec["periods"])
        self.defs = spec["indicators"]
        self.nbs = defaultdict(list)
        for r in t["statistical_neighbours"]:
            self.nbs[r["la_code"]].append(r["neighbour_code"])
        self._current()
        self.values = {
            (v["area_code"], v["code"], v["breakdown"], v["period"]): v["value"]
            for v in t["indicator_values"]
        }
        self.bench = {b["setting_type"]: b for b in t["setting_benchmarks"]}
        # margin overrides from claims (e.g. persistent absence): allowed in the clarity check
        self.allowed_margin: dict[tuple[str, str], float] = {}
        for code, la in spec["las"].items():
            for block in la["claims"]:
                for item in block["items"]:
                    c = item["check"]
                    if c["kind"] == "indicator" and "margin" in c:
                        for ind in c["codes"]:
                            self.allowed_margin[(code, ind)] = c["margin"]

    # -- block A figures
    def _current(self) -> None:
        open_ = {
            s["urn"]: s
            for s in self.t["settings"]
            if (s.get("registration_date") is None or s["registration_date"] <= self.census)
            and (s.get("closed_date") is None or s["closed_date"] > self.census)
        }
        latest: dict[str, dict[str, Any]] = {}
        self.after: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for i in self.t["setting_inspections"]:
            if i["urn"] not in open_:
                continue
            if i["known_at"] <= self.census:
                cur = latest.get(i["urn"])
                if cur is None or (i["known_at"], i["inspection_id"]) > (
                    cur["known_at"],
                    cur["inspection_id"],
                ):
                    latest[i["urn"]] = i
            else:
                self.after[i["urn"]].append(i)
        # (la, type) -> list of (urn, latest inspection)
        self.cur: dict[tuple[str, str], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
        for urn, s in open_.items():
            if urn in latest:
                self.cur[(s["la_code"], s["setting_type"])].append((urn, latest[urn]))

    def grades(self, la: str, stype: str) -> list[int]:
        return sorted(i["overall"] for _, i in self.cur[(la, stype)])

    def share(self, la: str, types: list[str]) -> tuple[int, int]:
        gs = [g for t in types for g in self.grades(la, t)]
        return sum(g <= 2 for g in gs), len(gs)

    def england_share(self, stype: str | None) -> float:
        rows = self.bench.values() if stype is None else [self.bench[stype]]
        gob = sum(r["outstanding"] + r["good"] for r in rows)
        n = sum(r["outstanding"] + r["good"] + r["satisfactory"] + r["inadequate"] for r in rows)
        return pct(gob, n)

    def sn_share(self, la: str, stype: str) -> float:
        shares = []
        for nb in self.nbs[la]:
            g, n = self.share(nb, [stype])
            if n:
                shares.append(pct(g, n))
        return statistics.fmean(shares)

    def overall(self, la: str) -> tuple[int, int]:
        types = {t for (a, t) in self.cur if a == la}
        return self.share(la, sorted(types))

    # -- block B figures
    def value(self, la: str, code: str, bd: str = "all", period: str | None = None) -> float:
        return self.values[(la, code, bd, period or self.latest)]

    def sn_value(self, la: str, code: str, period: str | None = None) -> float:
        return statistics.fmean(self.values[(nb, code, "all", period or self.latest)] for nb in self.nbs[la])

    def eng_value(self, code: str, bd: str = "all", period: str | None = None) -> float:
        return self.values[(ENGLAND, code, bd, period or self.latest)]

    def ind_relation(
        self, value: float, comp: float, code: str, margin: float | None = None
    ) -> tuple[str, str]:
        """Relation under the clear margins: better / worse / in_line / unclear, and the difference shown."""
        d = self.defs[code]
        sign = 1 if d["polarity"] == "high" else -1
        if is_percent(d["unit"]):
            diff = round(value - comp, 6)
            beyond = margin if margin is not None else self.m["above_pp"]
            inline = self.m["in_line_pp"]
            shown = f"{diff:+.1f} pts"
        else:
            diff = round((value - comp) / abs(comp), 6)
            beyond = self.m["above_rel"]
            inline = self.m["in_line_rel"]
            shown = f"{100 * diff:+.1f}%"
        if abs(diff) <= inline:
            return "in_line", shown
        if sign * diff >= beyond:
            return "better", shown
        if sign * diff <= -beyond:
            return "worse", shown
        return "unclear", shown

    def engine_verdict(self, value: float, comp: float, code: str) -> str:
        d = self.defs[code]
        diff = value - comp
        tol = ENGINE_IND_TOL_PP if is_percent(d["unit"]) else abs(comp) * ENGINE_IND_TOL_REL
        if abs(diff) <= tol:
            return "in_line"
        return "better" if (diff > 0) == (d["polarity"] == "high") else "worse"

    def share_relation(self, good: int, n: int, comp: float) -> tuple[str, str]:
        s = pct(good, n)
        diff = round(s - comp, 6)
        shown = f"{diff:+.1f} pts"
        if abs(diff) <= self.m["in_line_pp"]:
            return "in_line", shown
        if abs(diff) < self.m["above_pp"]:
            return "unclear", shown
        if n >= WILSON_MIN_N:
            lo, hi = wilson(good, n)
            if lo <= comp <= hi:
                return "unclear", shown + f" (inside Wilson {lo:.1f}-{hi:.1f})"
            shown += f"; Wilson {lo:.1f}-{hi:.1f}"
        return ("above" if diff > 0 else "below"), shown

    def in_band(self, value: float, band: str) -> bool:
        lo, hi = self.bands[band]
        return lo - 1e-9 <= value <= hi + 1e-9

    # -- claims
    def check(self, la: str, c: dict[str, Any]) -> tuple[bool, str, str]:
        kind = c["kind"]
        return getattr(self, f"_c_{kind}")(la, c)

    def _c_overall(self, la, c):
        g, n = self.overall(la)
        s = pct(g, n)
        ok = self.in_band(s, c["band"])
        types = sorted({t for (a, t) in self.cur if a == la})
        return (
            ok,
            (
                f"settings + setting_inspections, la_code {la}, all {len(types)} types: "
                f"{g} of {n} inspected settings "
                f"good or better ({s:.1f}%)"
            ),
            f"{c['band'].replace('_', ' ')} band {self._band_text(c['band'])}",
        )

    def _band_text(self, band: str) -> str:
        lo, hi = self.bands[band]
        return f"{lo:g}%" if lo == hi else f"{lo:g}-{int(hi)}%"

    def _c_share(self, la, c):
        ok = True
        enc, cmp_ = [], []
        groups = [c["types"]] if c.get("combined") else [[t] for t in c["types"]]
        for types in groups:
            g, n = self.share(la, types)
            s = pct(g, n)
            label = "+".join(types)
            enc.append(f"{label}: {g} of {n} good or better ({s:.1f}%)")
            if "band" in c:
                b = self.in_band(s, c["band"])
                ok &= b
                cmp_.append(
                    f"{label}: {s:.1f}% in {c['band'].replace('_', ' ')} {self._band_text(c['band'])}"
                )
            for who in ("england", "sn"):
                if who not in c:
                    continue
                comp = self.england_share(types[0]) if who == "england" else self.sn_share(la, types[0])
                rel, shown = self.share_relation(g, n, comp)
                ok &= rel == c[who]
                name = "England" if who == "england" else "similar areas"
                note = " [fewer than 3 settings: the engine reports grades only]" if n < 3 else ""
                cmp_.append(f"{label} vs {name} {comp:.1f}%: {rel} ({shown}){note}")
        return ok, "; ".join(enc), "; ".join(cmp_)

    def _c_grades(self, la, c):
        ok = True
        enc = []
        for t in c["types"]:
            gs = self.grades(la, t)
            cnt = Counter(gs)
            n = len(gs)
            gob = cnt[1] + cnt[2]
            enc.append(f"{t}: {n} inspected, O/G/S/I = {cnt[1]}/{cnt[2]}/{cnt[3]}/{cnt[4]}")
            exp = {
                "n": n,
                "gob": gob,
                "outstanding": cnt[1],
                "good": cnt[2],
                "satisfactory": cnt[3],
                "inadequate": cnt[4],
            }
            for k, v in exp.items():
                if k in c:
                    ok &= v == c[k]
            if "all_grade" in c:
                ok &= n > 0 and all(g == c["all_grade"] for g in gs)
            if "gob_band" in c:
                ok &= self.in_band(pct(gob, n), c["gob_band"])
            if "satisfactory_band" in c:
                ok &= self.in_band(pct(cnt[3], n), c["satisfactory_band"])
            if "good_share" in c:
                ok &= abs(pct(cnt[2], n) - c["good_share"]) < 1e-9
        return (
            ok,
            "settings + setting_inspections, la_code " + la + ": " + "; ".join(enc),
            self._expect_text(c),
        )

    def _expect_text(self, c: dict[str, Any]) -> str:
        words = {
            "n": "inspected",
            "gob": "good or better",
            "outstanding": "outstanding",
            "good": "good",
            "satisfactory": "satisfactory",
            "inadequate": "inadequate",
        }
        parts = [f"{c[k]} {w}" for k, w in words.items() if k in c]
        if "all_grade" in c:
            parts.append(f"every one graded {c['all_grade']} ({GRADE_WORD[c['all_grade']]})")
        if "gob_band" in c:
            parts.append(
                f"share good or better {c['gob_band'].replace('_', ' ')} ({self._band_text(c['gob_band'])})"
            )
        if "satisfactory_band" in c:
            b = c["satisfactory_band"]
            parts.append(f"share satisfactory {b.replace('_', ' ')} ({self._band_text(b)})")
        if "good_share" in c:
            parts.append(f"exactly {c['good_share']}% graded good")
        return "as stated: " + ", ".join(parts)

    def _c_grades_each(self, la, c):
        ok = True
        enc = []
        for t, want in c.get("grades", {}).items():
            gs = self.grades(la, t)
            ok &= gs == sorted(want)
            enc.append(f"{t}: grades {gs}")
        for t, n in c.get("gob_all", {}).items():
            gs = self.grades(la, t)
            ok &= len(gs) == n and all(g <= 2 for g in gs)
            enc.append(f"{t}: {len(gs)} inspected, grades {dict(sorted(Counter(gs).items()))}")
        return (
            ok,
            f"settings + setting_inspections, la_code {la}: " + "; ".join(enc),
            "exact grades as stated",
        )

    def _c_median_grade(self, la, c):
        gs = self.grades(la, c["type"])
        med = gs[len(gs) // 2]
        med2 = gs[(len(gs) - 1) // 2]
        cnt = Counter(gs)
        return (
            med == med2 == c["grade"],
            (
                f"{c['type']}, la_code {la}: O/G/S/I = {cnt[1]}/{cnt[2]}/{cnt[3]}/{cnt[4]} of {len(gs)} "
                f"({pct(cnt[1] + cnt[2], len(gs)):.1f}% good or better)"
            ),
            f"median grade {med} (satisfactory = 3)",
        )

    def _c_weak_outcomes(self, la, c):
        rows = [i for _, i in self.cur[(la, c["type"])]]
        weak, parts = [], []
        for o in OUTCOMES:
            graded = [i[o] for i in rows if i.get(o) is not None]
            if not graded:
                continue
            w = sum(g >= 3 for g in graded)
            parts.append(f"{o} {w}/{len(graded)}")
            if w / len(graded) >= WEAK_OUTCOME_SHARE:
                weak.append(o)
        return (
            sorted(weak) == sorted(c["weak"]),
            (
                f"setting_inspections (latest by census) of {c['type']}, la_code {la}: "
                f"satisfactory or worse per "
                f"outcome: " + ", ".join(parts)
            ),
            f"weak (>= {WEAK_OUTCOME_SHARE:.0%} satisfactory or worse) in {', '.join(weak)} only",
        )

    def _c_later_grade(self, la, c):
        hits = []
        for urn, i in self.cur[(la, c["type"])]:
            if i["overall"] != c["at_census"]:
                continue
            for a in self.after.get(urn, []):
                if a["known_at"] <= self.published and a["overall"] == c["later"]:
                    hits.append((urn, i["known_at"], a["known_at"]))
        enc = "; ".join(
            f"{u}: grade {c['at_census']} known {k1}, grade {c['later']} known {k2}" for u, k1, k2 in hits
        )
        return (
            bool(hits),
            f"setting_inspections: {enc}",
            "grade at census 4; a later inspection (after the census, before 9 Dec 2009) good",
        )

    def _c_share_vs_all(self, la, c):
        g, n = self.share(la, [c["type"]])
        s = pct(g, n)
        e_all = self.england_share(None)
        og, on = self.overall(la)
        o = pct(og, on)
        ok = s - e_all >= self.m["above_pp"] and s - o >= self.m["above_pp"]
        return (
            ok,
            f"{c['type']}, la_code {la}: {g} of {n} good or better ({s:.1f}%)",
            (
                f"England, all setting types together {e_all:.1f}% ({s - e_all:+.1f} pts); the borough's own "
                f"overall share {o:.1f}% ({s - o:+.1f} pts)"
            ),
        )

    def _c_indicator(self, la, c):
        if c.get("periods") == "all":
            return self._c_indicator_all_periods(la, c)
        ok = True
        enc, cmp_ = [], []
        bd = c.get("breakdown", "all")
        periods = [c.get("period", self.latest)]
        for code in c["codes"]:
            for p in periods:
                v = self.value(la, code, bd, p)
                enc.append(f"{code}{'' if bd == 'all' else '/' + bd} {p} = {self.f(code, v)}")
                if "equals" in c:
                    ok &= v == c["equals"]
                if "value_band" in c:
                    b = self.in_band(v, c["value_band"])
                    ok &= b
                    cmp_.append(
                        f"{code}: {self.f(code, v)}% in {c['value_band'].replace('_', ' ')} "
                        f"({self._band_text(c['value_band'])})"
                    )
                margin = c.get("margin") if p == self.latest else c.get("margin_earlier", c.get("margin"))
                for who in ("england", "sn"):
                    if who not in c:
                        continue
                    comp = self.eng_value(code, bd, p) if who == "england" else self.sn_value(la, code, p)
                    rel, shown = self.ind_relation(v, comp, code, margin)
                    ok &= rel == c[who]
                    name = "England" if who == "england" else "similar areas"
                    if bd != "all":
                        name += f" ({bd})"
                    cmp_.append(f"{code} vs {name} {self.f(code, comp)}: {rel} ({shown})")
        return (
            ok,
            "indicator_values, area_code " + la + ": " + ", ".join(enc),
            "; ".join(cmp_) or "value as stated",
        )

    def _c_indicator_all_periods(self, la, c):
        ok = True
        enc, cmp_ = [], []
        for code in c["codes"]:
            vals = [self.value(la, code, "all", p) for p in self.periods]
            enc.append(f"{code} {' / '.join(self.f(code, v) for v in vals)}")
            for who in ("england", "sn"):
                comps, shows = [], []
                for p, v in zip(self.periods, vals, strict=True):
                    margin = c.get("margin") if p == self.latest else c.get("margin_earlier", c.get("margin"))
                    comp = self.eng_value(code, "all", p) if who == "england" else self.sn_value(la, code, p)
                    rel, shown = self.ind_relation(v, comp, code, margin)
                    ok &= rel == c[who]
                    comps.append(self.f(code, comp))
                    shows.append(shown.replace(" pts", ""))
                name = "England" if who == "england" else "SA"
                cmp_.append(f"{code} {name} {' / '.join(comps)} ({' / '.join(shows)})")
        periods = " / ".join(self.periods)
        return (
            ok,
            f"indicator_values, area_code {la}, {periods}: " + "; ".join(enc),
            (
                f"{c['england']} than England and similar areas (SA) in every period, "
                f"by >= {c.get('margin_earlier', 5)} "
                f"pts earlier and >= {c.get('margin', self.m['above_pp'])} pts in {self.latest}: "
                + "; ".join(cmp_)
            ),
        )

    def f(self, code: str, v: float) -> str:
        return fmt_num(v, self.defs[code]["dp"])

    def _c_trend(self, la, c):
        ok = True
        enc = []
        for code in c["codes"]:
            if c.get("breakdowns") == "all_groups":
                bds = sorted(
                    {k[2] for k in self.values if k[0] == la and k[1] == code and k[2] not in ("all", "fsm")}
                )
            else:
                bds = [c.get("breakdown", "all")]
            sign = 1 if self.defs[code]["polarity"] == "high" else -1
            for bd in bds:
                vals = [self.value(la, code, bd, p) for p in self.periods]
                steps = [sign * (b - a) for a, b in zip(vals, vals[1:], strict=False)]
                good = (
                    all(s > 0 for s in steps) if c["direction"] == "improving" else all(s < 0 for s in steps)
                )
                total = abs(vals[-1] - vals[0])
                if "max_total_change" in c:
                    good &= total <= c["max_total_change"]
                if "min_total_change" in c:
                    good &= total >= c["min_total_change"]
                ok &= good
                enc.append(
                    f"{code}{'' if bd == 'all' else '/' + bd}: {' -> '.join(self.f(code, v) for v in vals)}"
                )
        extra = ""
        if "max_total_change" in c or "min_total_change" in c:
            lo, hi = c.get("min_total_change", 0), c.get("max_total_change", "any")
            extra = f" (total change between {lo} and {hi} pts)"
        return (
            ok,
            "indicator_values, area_code " + la + ", 2006/07 -> 2008/09: " + "; ".join(enc),
            (f"{c['direction']} every period, polarity-aware{extra}"),
        )

    def _c_groups(self, la, c):
        ok = True
        enc, cmp_ = [], []
        for code in c["codes"]:
            bds = sorted(
                {k[2] for k in self.values if k[0] == la and k[1] == code and k[2] not in ("all", "fsm")}
            )
            ok &= bool(bds)
            for bd in bds:
                v = self.value(la, code, bd)
                e = self.eng_value(code, bd)
                rel, shown = self.ind_relation(v, e, code, c.get("margin"))
                ok &= rel == c["england"]
                enc.append(f"{code}/{bd} {self.f(code, v)}")
                cmp_.append(f"{code}/{bd} England {self.f(code, e)} ({shown})")
        return (
            ok,
            f"indicator_values, area_code {la}, {self.latest}: " + ", ".join(enc),
            (
                f"every group {c['england']} than the same group in England"
                + (f" by >= {c['margin']} pts" if "margin" in c else "")
                + ": "
                + "; ".join(cmp_)
            ),
        )

    def _c_indicator_share(self, la, c):
        vs = c["vs"] if isinstance(c["vs"], list) else [c["vs"]]
        outcomes = c.get("outcomes") or [c.get("outcome", "all")]
        ok = True
        enc, cmp_ = [], []
        want = {"better_or_in_line": ("better", "in_line"), "in_line": ("in_line",)}[c["count"]]
        for who in vs:
            for outcome in outcomes:
                codes = [k for k, d in self.defs.items() if outcome == "all" or d["outcome"] == outcome]
                verdicts = {}
                for code in codes:
                    v = self.value(la, code)
                    comp = self.eng_value(code) if who == "england" else self.sn_value(la, code)
                    verdicts[code] = self.engine_verdict(v, comp, code)
                n_ok = sum(verdicts[k] in want for k in codes)
                s = pct(n_ok, len(codes))
                if "band" in c:
                    ok &= self.in_band(s, c["band"])
                if "at_least" in c:
                    ok &= s >= c["at_least"] - 1e-9
                name = "England" if who == "england" else "similar areas"
                others = sorted(f"{k} {verdicts[k]}" for k in codes if verdicts[k] not in want)
                enc.append(
                    f"{outcome if outcome != 'all' else 'all'} vs {name}: {n_ok} of {len(codes)} "
                    f"{c['count'].replace('_', ' ')} ({s:.1f}%)"
                    + (f"; not: {', '.join(others)}" if others else "")
                )
        target = self._band_text(c["band"]) if "band" in c else f">= {c['at_least']}%"
        cmp_.append(
            f"share (engine tolerance: {ENGINE_IND_TOL_PP:g} pts / {ENGINE_IND_TOL_REL:.0%}) in {target}"
        )
        return (
            ok,
            f"indicator_values {self.latest}, breakdown all, la_code {la}: " + "; ".join(enc),
            "; ".join(cmp_),
        )

    def _c_indicator_set(self, la, c):
        rels = {}
        for code in c["codes"]:
            v = self.value(la, code)
            comp = self.eng_value(code) if c["vs"] == "england" else self.sn_value(la, code)
            rels[code] = self.ind_relation(v, comp, code)
        n_ok = sum(r[0] == c["relation"] for r in rels.values())
        s = pct(n_ok, len(rels))
        ok = self.in_band(s, c["band"])
        return (
            ok,
            f"indicator_values {self.latest}, la_code {la}: "
            + ", ".join(f"{k} {r[0]} ({r[1]})" for k, r in rels.items()),
            f"{n_ok} of {len(rels)} {c['relation']} than England ({s:.1f}%): "
            f"{c['band']} {self._band_text(c['band'])}",
        )

    def _c_la_inspection(self, la, c):
        rows = [
            r for r in self.t["la_inspections"] if r["la_code"] == la and r["inspection_type"] == c["type"]
        ]
        got = {r["aspect"]: r["grade"] for r in rows}
        ok = all(got.get(a) == g for a, g in c["grades"].items())
        dates = sorted({str(r["start_date"]) for r in rows})
        return (
            ok,
            f"la_inspections, la_code {la}, type {c['type']} ({', '.join(dates)}): {got}",
            ("grades 4 outstanding .. 1 inadequate"),
        )

    def _in_scr_window(self, d: date) -> bool:
        months = self.census.year * 12 + self.census.month - 1 - SCR_WINDOW_MONTHS
        return date(months // 12, months % 12 + 1, 1) <= d <= self.census

    def _c_scr(self, la, c):
        rows = [
            r
            for r in self.t["serious_case_reviews"]
            if r["la_code"] == la and self._in_scr_window(r["evaluation_date"])
        ]
        gs = sorted(r["grade"] for r in rows)
        ok = len(rows) == c["n"]
        if "grades" in c:
            ok &= gs == sorted(c["grades"])
        if "min_grade" in c:
            ok &= all(g >= c["min_grade"] for g in gs)
        words = ", ".join(f"{n} {JUDGEMENT_WORD[g]}" for g, n in sorted(Counter(gs).items(), reverse=True))
        want = f"{c['n']} reviews" + (
            f", all {JUDGEMENT_WORD[c['min_grade']]} or better" if "min_grade" in c else ""
        )
        return (
            ok,
            (
                f"serious_case_reviews, la_code {la}, evaluated in the 24 months to the census: "
                f"grades {gs} ({words})"
            ),
            f"as stated: {want} (judgement scale 4 outstanding .. 1 inadequate)",
        )

    def _c_no_limiting(self, la, c):
        bad = [
            r
            for r in self.t["la_inspections"]
            if r["la_code"] == la
            and (
                (r["inspection_type"] == "unannounced" and (r.get("priority_actions") or 0) > 0)
                or (r["aspect"] == "safeguarding" and r["grade"] == 1)
            )
        ]
        return (
            not bad,
            f"la_inspections, la_code {la}: no unannounced inspection with priority actions, "
            "no inadequate safeguarding judgement",
            "no limiting judgement",
        )

    def _c_contact(self, la, c):
        rows = [r for r in self.t["la_contacts"] if r["la_code"] == la and r["year"] == c["year"]]
        if len(rows) != 1:
            return False, "la_contacts: missing", ""
        r = rows[0]
        return (
            True,
            (
                f"la_contacts {c['year']}/{la}: {r['director_name']}, {r['director_title']}, "
                f"{r['council_name']}; "
                f"'{r['salutation']}'; signed {r['signatory_name']}, {r['signatory_title']}"
            ),
            "as printed in the letter",
        )

    def _c_apa(self, la, c):
        rows = {
            r["aspect"]: r["grade"]
            for r in self.t["apa_judgements"]
            if r["la_code"] == la and r["year"] == c["year"]
        }
        want = self.spec["las"][la]["apa"]["grades"]
        return (
            rows == want,
            f"apa_judgements {c['year']}/{la}: {rows}",
            "grades 4 outstanding .. 1 inadequate",
        )

    def _c_jar_recs(self, la, c):
        rows = [r for r in self.t["jar_recommendations"] if r["la_code"] == la]
        by_area = Counter(r["area"] for r in rows)
        longer = sum(r["timescale"] == "longer_term" for r in rows)
        ok = len(rows) == c["n"] and dict(by_area) == c["by_area"] and longer == c["longer_term"]
        return (
            ok,
            f"jar_recommendations, la_code {la}: {len(rows)} rows, by area {dict(by_area)}, "
            f"longer term {longer}, progress {sorted({r['progress'] for r in rows})}",
            "as listed in the APA letter",
        )

    # -- a check over everything: every latest LA-vs-comparator indicator difference is clearly on one side
    def clarity(self) -> list[str]:
        problems = []
        for la in self.spec["las"]:
            for code in self.defs:
                v = self.value(la, code)
                for who, comp in (
                    ("England", self.eng_value(code)),
                    ("similar areas", self.sn_value(la, code)),
                ):
                    rel, shown = self.ind_relation(v, comp, code, self.allowed_margin.get((la, code)))
                    if rel == "unclear":
                        problems.append(
                            f"{la} {code} vs {who}: {v:g} vs {comp:g} ({shown}) "
                            "is neither clearly in line nor clearly apart"
                        )
        return problems


# --------------------------------------------------------------------------------------------- output
def cell(v: Any, col: str, dps: dict[str, int], code: str | None) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, float):
        return fmt_num(v, dps.get(code or "", 1)) if col == "value" else repr(v)
    return str(v)


def to_csv(table: str, rows: list[dict[str, Any]], dps: dict[str, int]) -> str:
    cols = COLUMNS[table]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([cell(r.get(c), c, dps, r.get("code")) for c in cols])
    return buf.getvalue()


SORT_KEYS = {
    "local_authorities": ("la_code",),
    "statistical_neighbours": ("la_code", "rank"),
    "la_contacts": ("la_code", "year"),
    "settings": ("la_code", "remit", "urn"),
    "setting_inspections": ("remit", "urn", "inspection_id"),
    "setting_benchmarks": ("setting_type",),
    "indicator_definitions": ("code",),
    "indicator_values": ("area_type", "area_code", "code", "breakdown", "year"),
    "la_inspections": ("la_code", "inspection_type", "aspect"),
    "serious_case_reviews": ("la_code", "reference"),
    "apa_judgements": ("la_code", "year", "aspect"),
    "jar_recommendations": ("la_code", "number"),
    "apa_narrative": ("la_code", "year", "aspect", "kind", "number"),
}


def validate(tables: dict[str, list[dict[str, Any]]]) -> Findings:
    findings = Findings()
    for name, rows in tables.items():
        df = canonical.frame(name, rows)
        canonical.validate(name, df, findings, label=f"{DS}/{name}.csv")
    return findings


README_HEAD = """\
# seeds-2009: the five seed letters as canonical tables

Contains public sector information licensed under the Open Government Licence v3.0.

The letters are the source of the stated facts: Ofsted's 2009 children's services annual rating letters to
Kingston upon Thames, Kensington and Chelsea, Kent and Camden (9 December 2009) and its 2007 annual
performance assessment letter to Kingston upon Thames (26 November 2007). **All comparator and neighbour
figures are synthetic**: the England figures, the 40 statistical neighbours (`S314A`..`S202J`, model
`seeds-2009-synthetic`) with their settings and indicator values, the individual grades of settings the
letters only summarise, and every indicator value the letters describe in words. Rows carry
`synthetic=false` only where the letter states the fact itself (addressees, APA grades, JAR judgements,
Kingston's serious case review grades, grades the letters give setting by setting, and the three numbers
the APA letter prints). Do not read any synthetic figure as Ofsted's or DfE's.

Built by `scripts/build_seeds_2009.py` from `spec.yaml` (the hand-written specification); the script
checks every claim below against the tables it writes and refuses to write if one fails. Rebuild:
`.venv/bin/python scripts/build_seeds_2009.py` (`--check` builds and checks without writing).

## Conventions the figures are built for

- Census 31 August 2009. A setting counts when registered by then (or no registration date) and not closed
  by then; its grade is that of its latest inspection known by then. Each LA also has three records the
  rule must leave out or not grade (`SYN<la>-X-CLOSED`, `-X-NEW`, `-X-UNINSPECTED`).
- Share good or better = grades 1-2 / settings with a current inspection; England = `setting_benchmarks`
  (E92000001, 2009-08-31); similar areas = mean of the 10 neighbours' shares.
- Stated comparisons hold with a clear margin: above/below by >= 8 points (and, from 20 settings, with the
  comparator outside the 95% Wilson interval of the LA's share); in line within 1 point. Indicators in
  percent: better/worse by >= 8 points, in line within 1 point; other units (rates): >= 15% / within 1%.
  Every 2008/09 indicator of the four LAs is clearly on one side against both comparators (one flagged
  exception below). Shares of indicators are counted with the engine's own tolerance (2 points / 5%).
- Indicator periods 2006/07, 2007/08, 2008/09 (years 2007-2009); breakdown `all` plus `fsm` (Kingston) and
  minority ethnic groups (Kensington and Chelsea, Camden) for comparisons with the same group in England.
- Quantifiers: all 100; almost all 90-99; very large majority 80-89; large majority 65-79; most 65-89;
  majority 51-64; half 50; just under half 45-49; minority 20-49; small minority 10-19; few 5-9 (project
  defaults, assumed).
"""


def readme(
    spec: dict[str, Any], checker: Checker, results: dict[str, list[tuple]], counts: dict[str, int]
) -> str:
    out = [README_HEAD, "\n## Tables\n", "| table | rows |", "|---|---:|"]
    out += [f"| `{t}.csv` | {n} |" for t, n in counts.items()]
    out.append("\n## Expected ratings (engine outputs, not data)\n")
    for r in spec["expected_ratings"]:
        out.append(f"- {spec['las'][r['la']]['name']} ({r['la']}), {r['year']}: {r['grade']} ({r['says']})")
    letters = {
        "000": "Kingston upon Thames (314), 2009 rating letter (seeds/000)",
        "001": "Kensington and Chelsea (207), 2009 rating letter (seeds/001)",
        "002": "Kent (886), 2009 rating letter (seeds/002)",
        "004": "Camden (202), 2009 rating letter (seeds/004)",
        "003": "Kingston upon Thames (314), 2007 APA letter (seeds/003)",
    }
    for letter, title in letters.items():
        out.append(f"\n## {title}\n")
        out.append("| # | statement (paraphrased) | figures that encode it | comparison that makes it hold |")
        out.append("|---|---|---|---|")
        for cid, says, enc, cmp_ in results[letter]:
            out.append(f"| {cid} | {md(says)} | {md(enc)} | {md(cmp_)} |")
        for la in spec["las"].values():
            for note in la.get("not_encoded", {}).get(letter, []):
                out.append(f"\nNot encoded: {note}")
    out.append(NOTES)
    return "\n".join(out) + "\n"


def md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


NOTES = """
## Ambiguities and how they were resolved

- **Kensington and Chelsea's nurseries** are said to have "a higher than average proportion" good or better
  and yet to fall "below" both the similar authorities and the national figure. Both cannot hold for the same
  comparison. Encoded: 5 of 6 nursery schools good or better (83.3%, one satisfactory = a small minority),
  which is *below* the nursery-school figures for England (91.5%) and similar areas (95.0%) by more than 8
  points but *above* the average across all settings - England's all-type share (62.5%) and the borough's
  own overall share (75.3%) - by more than 8 points. "Nurseries" is read as nursery schools (type
  `nursery_school`) in every letter.
- **"All provision from schools"** (Kensington and Chelsea) is read as primary, secondary and special
  schools and school sixth forms; nursery schools and the pupil referral unit have their own, contrary,
  statements. The two special schools and the one pupil referral unit and two children's homes are fewer
  than the engine's minimum of 3 settings for a comparison (`min_settings_to_compare`), yet the letter
  compares them; the figures make the comparison hold on the plain difference.
- **Counts of early-years settings are scaled, not realistic**, for Kensington and Chelsea (19 childminders,
  18 childcare settings) because the letter's shares for these types (just over half and two thirds good or
  better) would otherwise pull the count-weighted overall share below a large majority; fewer than 20 also
  keeps them out of the Wilson test. Kent's childminders (300) and childcare settings (600) are likewise
  fewer than Kent really had. Neighbours carry 2-20 settings per type: only their shares matter.
- **Kent's childminders "satisfactory overall"** is read as: the middle childminder is graded satisfactory
  (47% good or better, 50% satisfactory, 3% inadequate).
- **Kent's children's homes**: "only half ... are good" is encoded as exactly half graded good and none
  outstanding or inadequate. Kent's five serious case reviews: the letter gives only "adequately or better",
  so the mix (three adequate, two good) is made up and the rows are synthetic.
- **Kingston's "relative weaknesses" in the free school meals gaps** are encoded as gaps at 11 and 16 wider
  than England and similar areas by > 8 points while the group's own results beat the same group in England
  by > 8 points (high overall attainment makes both true).
- **"Stability for adopted children"** (Kensington and Chelsea) is mapped to NI 61 (timely placement for
  adoption), the nearest indicator; **"placement length"** to NI 63.
- **Persistent absence (NI 87, Kensington and Chelsea "very low")**: values of a few percent cannot differ
  by 8 points; the borough is better than both comparators by 5.4-5.5 points (and by a factor of ten).
- **NI 82** has polarity *high* (METHODOLOGY section 6: the share of young people eligible for free school
  meals at 15 who reach Level 2 by 19), so its gap "closing" is a rising value. NI 78 is expressed as the
  percentage of secondary schools below the floor and NI 114 per 10,000 pupils (units adapted; rows
  flagged synthetic). NI 107 and NI 108 carry a breakdown `all` = all pupils from minority ethnic groups
  together, so they count in the share of indicators.
- **Dates the letters do not give** are placeholders: the JARs (Kingston 2006 and Camden 2008 on 1 January,
  Kent June 2008 on the 1st), serious case review evaluation dates, and every setting inspection date.
  Kingston's 2006 JAR therefore lies outside a 3-year validity window at the 2009 census (its 2009 letter
  does not mention it); Camden's and Kent's 2008 JARs are in force.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=FOLDER)
    ap.add_argument("--spec", type=Path, default=SPEC)
    ap.add_argument("--check", action="store_true", help="build and check, write nothing")
    args = ap.parse_args(argv)
    spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
    tables = Builder(spec).build()
    for name, rows in tables.items():
        keys = SORT_KEYS[name]
        rows.sort(
            key=lambda r: tuple(
                ""
                if r.get(k) is None
                else str(r.get(k)).zfill(8)
                if k in ("rank", "number", "year")
                else str(r.get(k))
                for k in keys
            )
        )
    findings = validate(tables)
    if findings.has_errors:
        for f in findings.errors:
            print(f"schema: {f.file} row {f.row} {f.column}: {f.message}", file=sys.stderr)
        return 1
    checker = Checker(spec, tables)
    failed = 0
    results: dict[str, list[tuple]] = defaultdict(list)
    for code, la in spec["las"].items():
        for block in la["claims"]:
            for item in block["items"]:
                ok, enc, cmp_ = checker.check(code, item["check"])
                results[block["letter"]].append((item["id"], item["says"], enc, cmp_))
                if not ok:
                    failed += 1
                    print(f"FAIL {item['id']}: {item['says']}\n    {enc}\n    {cmp_}", file=sys.stderr)
    unclear = checker.clarity()
    for u in unclear:
        print(f"UNCLEAR {u}", file=sys.stderr)
    n_claims = sum(len(v) for v in results.values())
    print(f"{n_claims} claims checked, {failed} failed; {len(unclear)} unclear indicator comparisons")
    if failed or unclear:
        return 1
    dps = {code: d["dp"] for code, d in spec["indicators"].items()}
    counts = {name: len(tables[name]) for name in COLUMNS}
    if args.check:
        for name, n in counts.items():
            print(f"  {name}: {n} rows")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name in COLUMNS:
        text = to_csv(name, tables[name], dps)
        (args.out / f"{name}.csv").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
        print(f"  {name}.csv: {counts[name]} rows")
    (args.out / "README.md").write_text(readme(spec, checker, results, counts), encoding="utf-8")
    print(f"wrote {len(COLUMNS)} tables ({total / 1e6:.2f} MB) and README.md to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
