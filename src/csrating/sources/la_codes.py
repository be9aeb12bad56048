"""The reference list of English children's services authorities, and LA name matching.

Published files identify an LA by the DfE three-digit code, by the ONS GSS code, or only by a name whose
spelling varies between publishers ("Bristol", "Bristol, City of", "City of Bristol"; "Southend on Sea";
"Bournemouth, Christchurch & Poole"). ``LaReference`` resolves all three to the DfE code. Names are
normalised (case, '&', punctuation, 'City of', 'Royal Borough of', 'Council'...) and compared with the
reference names and the published aliases in ``reference/la_name_aliases.csv``. Where two authorities
share a name (Dorset the county until March 2019, Dorset the unitary from April 2019) the one in existence
on the date asked for wins.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

import polars as pl

ENGLAND_CODE = "E92000001"

_PREFIXES = (
    "the royal borough of ",
    "royal borough of ",
    "london borough of ",
    "metropolitan borough of ",
    "borough of ",
    "city and county of ",
    "city of ",
    "county of ",
    "the ",
)
_SUFFIXES = (
    " metropolitan borough council",
    " borough council",
    " county council",
    " city council",
    " council",
    " city of",
    " county of",
    " pre lg",
)


def normalise_name(name: str) -> str:
    """Fold an LA name to a comparison key: 'Kingston-upon-Thames' == 'Kingston Upon Thames'."""
    s = name.lower().strip()
    s = s.replace("&", " and ").replace("’", "'")
    s = re.sub(r"[.,'()\-]", " ", s)
    s = re.sub(r"\s+", " ", s).strip()
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            if s.startswith(p) and len(s) > len(p):
                s, changed = s[len(p) :], True
        for suf in _SUFFIXES:
            if s.endswith(suf) and len(s) > len(suf):
                s, changed = s[: -len(suf)], True
    s = s.replace("saint ", "st ")
    return s


@dataclass(frozen=True)
class LocalAuthority:
    la_code: str
    gss_code: str | None
    name: str
    la_type: str | None
    region_code: str | None
    region_name: str | None
    valid_from: date | None
    valid_to: date | None

    def exists_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


def _d(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class LaReference:
    """Lookups by DfE code, GSS code and (normalised) name."""

    def __init__(self, authorities: list[LocalAuthority], aliases: list[tuple[str, str]]):
        self.authorities = {a.la_code: a for a in authorities}
        self._by_gss: dict[str, str] = {}
        for a in authorities:
            if a.gss_code:
                self._by_gss[a.gss_code] = a.la_code
        self._by_name: dict[str, set[str]] = {}
        for a in authorities:
            self._by_name.setdefault(normalise_name(a.name), set()).add(a.la_code)
        for alias, code in aliases:
            if code in self.authorities:
                self._by_name.setdefault(normalise_name(alias), set()).add(code)

    @classmethod
    @cache
    def default(cls) -> LaReference:
        ref = resources.files("csrating") / "reference"
        with (ref / "local_authorities.csv").open(encoding="utf-8") as fh:
            las = [
                LocalAuthority(
                    r["la_code"],
                    r["gss_code"] or None,
                    r["name"],
                    r["la_type"] or None,
                    r["region_code"] or None,
                    r["region_name"] or None,
                    _d(r["valid_from"]),
                    _d(r["valid_to"]),
                )
                for r in csv.DictReader(fh)
            ]
        with (ref / "la_name_aliases.csv").open(encoding="utf-8") as fh:
            aliases = [(r["alias"], r["la_code"]) for r in csv.DictReader(fh)]
        return cls(las, aliases)

    def __contains__(self, code: object) -> bool:
        return code in self.authorities

    def get(self, code: str) -> LocalAuthority | None:
        return self.authorities.get(code)

    def code_from_gss(self, gss: str) -> str | None:
        return self._by_gss.get(gss.strip())

    def match_name(self, name: str, on: date | None = None) -> str | None:
        """The DfE code for a published LA name, or None. ``on`` settles names two authorities shared."""
        codes = self._by_name.get(normalise_name(name))
        if not codes:
            return None
        if len(codes) == 1:
            return next(iter(codes))
        when = on or date.today()
        live = [c for c in codes if self.authorities[c].exists_on(when)]
        return live[0] if len(live) == 1 else None

    def resolve(self, text: str, on: date | None = None) -> str | None:
        """A DfE code, a GSS code or a name -> DfE code."""
        t = text.strip()
        if t.isdigit() and t in self.authorities:
            return t
        if re.fullmatch(r"E\d{8}", t):
            return self.code_from_gss(t)
        return self.match_name(t, on)

    def existing_on(self, on: date) -> list[LocalAuthority]:
        return [a for a in self.authorities.values() if a.exists_on(on)]

    def frame(self, source: str = "reference/local_authorities.csv") -> pl.DataFrame:
        """The reference list as the canonical ``local_authorities`` table."""
        from csrating.sources.canonical import frame

        return frame(
            "local_authorities",
            [
                {
                    "la_code": a.la_code,
                    "gss_code": a.gss_code,
                    "name": a.name,
                    "la_type": a.la_type,
                    "region_code": a.region_code,
                    "region_name": a.region_name,
                    "valid_from": a.valid_from,
                    "valid_to": a.valid_to,
                    "source": source,
                    "synthetic": False,
                }
                for a in sorted(self.authorities.values(), key=lambda a: a.la_code)
            ],
        )
