"""The profile model: typed, pure (no table, dataset or database inside), frozen, and a JSON round trip
that gives the same profile back, later inspections and addressee included."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from csrating.dataset import Dataset
from csrating.enums import EcmOutcome, Marker, Polarity, ResultStatus, SettingType, Verdict
from csrating.lazy import Lazy
from csrating.methodology.loader import load
from csrating.profile.model import Profile
from csrating.profile.profile import ProfileBuilder

PLAIN = (str, int, float, bool, date, type(None))


def _only_plain(x: object, where: str = "profile") -> None:
    if dataclasses.is_dataclass(x):
        for f in dataclasses.fields(x):
            _only_plain(getattr(x, f.name), f"{where}.{f.name}")
    elif isinstance(x, dict):
        for k, v in x.items():
            _only_plain(v, f"{where}[{k!r}]")
    elif isinstance(x, list | tuple):
        for i, v in enumerate(x):
            _only_plain(v, f"{where}[{i}]")
    elif isinstance(x, Lazy):  # made when first read: from plain values only, and plain once made
        _only_plain(list(x._args), f"{where} (inputs)")
        _only_plain(list(x), where)
    else:
        assert isinstance(x, PLAIN), f"{where} is a {type(x).__name__}"


@pytest.fixture(scope="module")
def seeds() -> list[Profile]:
    b = ProfileBuilder(Dataset("seeds-2009"), load("2009"))
    return [b.build(c, inputs=True) for c in b.las()]


def test_profile_holds_plain_values_only(seeds: list[Profile]) -> None:
    for p in seeds:
        _only_plain(p)


def test_profile_is_frozen(seeds: list[Profile]) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        seeds[0].la_name = "changed"  # type: ignore[misc]


def test_json_round_trip(seeds: list[Profile]) -> None:
    for p in seeds:
        back = Profile.from_dict(json.loads(p.to_json()))
        assert back == p


def test_addressee_is_the_recorded_contact(seeds: list[Profile]) -> None:
    ds = Dataset("seeds-2009")
    for p in seeds:
        row = ds.table("la_contacts").filter(
            (ds.table("la_contacts")["la_code"] == p.la_code) & (ds.table("la_contacts")["year"] == 2009)
        )
        if row.height:
            assert p.addressee is not None
            assert p.addressee["director_name"] == row["director_name"][0]
        else:
            assert p.addressee is None


def test_later_inspections_are_after_the_cutoff() -> None:
    m = load("2011")
    b = ProfileBuilder(Dataset("england-latest"), m)
    later = [i for c in b.las()[:20] for i in b.build(c, inputs=False).later_la_inspections]
    assert later, "england-latest has inspections of LAs after the 2011 cut-off"
    assert all(set(i) == {"inspection_type", "aspect", "published_date"} for i in later)
    assert all(isinstance(i["published_date"], date) for i in later)


def test_codes_are_enum_members(seeds: list[Profile]) -> None:
    """Setting types, verdicts, polarity, ECM outcomes, markers and statuses are the project's enums (equal
    to their codes, written as their codes), in built profiles and in profiles read back from JSON."""
    for p in (seeds[0], Profile.from_dict(json.loads(seeds[0].to_json()))):
        for s in p.settings:
            assert s.setting_type == "all" or isinstance(s.setting_type, SettingType)
            assert isinstance(s.status, ResultStatus)
            assert isinstance(s.england.verdict, Verdict) and isinstance(s.similar_areas.verdict, Verdict)
        for r in p.indicators:
            assert isinstance(r.polarity, Polarity) and isinstance(r.status, ResultStatus)
            assert r.ecm_outcome is None or isinstance(r.ecm_outcome, EcmOutcome)
            assert r.marker is None or isinstance(r.marker, Marker)
            assert isinstance(r.england.verdict, Verdict) and isinstance(r.similar_areas.verdict, Verdict)
    assert json.dumps(Verdict.IN_LINE) == '"in_line"' and ResultStatus.NO_DATA == "no_data"


def test_later_setting_inspections_between_the_census_and_the_cutoff() -> None:
    """A setting counted at the census and inspected again before the cut-off for inspections of the LA
    keeps its census grade in block A; the profile records the later grade (Kensington and Chelsea's
    inadequate children's home, good in October 2009, seeds/001), and reads it back from JSON."""
    b = ProfileBuilder(Dataset("seeds-2009"), load("2009"))
    p = b.build("207", inputs=False)
    assert p.later_setting_inspections == [
        {"setting_type": "childrens_home", "urn": "SYN207-CH-002", "grade": "inadequate",
         "later_grade": "good", "known_at": date(2009, 10, 20)}
    ]  # fmt: skip
    assert p.setting("childrens_home").counts["inadequate"] == 1
    assert Profile.from_dict(p.to_dict()).later_setting_inspections == p.later_setting_inspections
    assert not b.build("886", inputs=False).later_setting_inspections
    # a cut-off on the census date leaves nothing later
    assert not ProfileBuilder(Dataset("england-latest"), load("2025"))._later_setting_inspections


def test_a_national_rating_makes_no_indicator_object_until_one_is_read() -> None:
    """Rating every LA reads the indicator shares, not the indicator objects: those are made when a letter,
    an explanation or an export first reads them, and are the same then."""
    from csrating import pipeline

    run = pipeline.open("england-latest", year=2025, judgements={})
    run.ratings()
    profiles = run.profiles()
    assert all(isinstance(p.indicators, Lazy) and p.indicators._items is None for p in profiles)
    camden = next(p for p in profiles if p.la_code == "202")
    assert camden.indicators == run.builder.build("202").indicators and len(camden.indicators) > 20
