"""The indicators behind an APA letter: the council's performance profile for the APA year.

The APA drew on a data set of indicators for the year assessed. csrating compares the council's
indicators of that year (the period ending in it) with England and similar areas through the performance
profile engine, under the parameters of the methodology year named by ``evidence_profile`` with the
census date and the latest indicator year moved to the APA's.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from csrating.dataset import Dataset
from csrating.methodology.loader import Methodology, Parameter, load
from csrating.profile.profile import Profile, ProfileBuilder, ProfileError


def methodology(apa: Methodology, year: int) -> Methodology | None:
    """The profile methodology for the APA year, or None when the APA methodology names none."""
    base_year = apa.get("evidence_profile")
    if not base_year:
        return None
    base = load(str(base_year))
    why = f"The APA year's: see {apa.year} parameter evidence_profile."
    params = dict(base.parameters)
    params["census_date"] = Parameter("census_date", date(year, 8, 31), why, None, True, apa.year)
    params["indicator_latest_year"] = Parameter("indicator_latest_year", year, why, None, True, apa.year)
    return Methodology(
        apa.year,
        f"{base.title}, applied to the indicators of the {year} APA",
        None,
        params,
        [*base.lineage, apa.year],
        list(base.rules),
        {},
    )


@cache
def _builder(ds: Dataset, apa_year: str, year: int) -> ProfileBuilder | None:
    m = methodology(load(apa_year), year)
    return ProfileBuilder(ds, m) if m is not None else None


def profile(ds: Dataset, apa: Methodology, la_code: str, year: int) -> tuple[Profile | None, str | None]:
    """The council's profile for the APA year, or None and the reason when there is none."""
    try:
        builder = _builder(ds, apa.year, year)
    except ProfileError as exc:
        return None, f"no indicator evidence: {exc}"
    if builder is None:
        return None, None
    if la_code not in builder.las():
        return None, f"no indicator evidence: LA {la_code} has no data in dataset {ds.name} for {year}"
    return builder.build(la_code, inputs=False), None
