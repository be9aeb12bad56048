"""The profile model: typed, pure (no dataset or database inside; the only table a profile may point to is
an all-LA profile table its unread parts wait on, let go once read), frozen, and a JSON round trip that
gives the same profile back, later inspections and addressee included."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from csrating.dataset import Dataset
from csrating.enums import EcmOutcome, Marker, Polarity, ResultStatus, SettingType, Verdict
from csrating.lazy import Lazy, Once
from csrating.methodology.loader import Methodology, ParameterReads, load
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
    elif isinstance(x, Lazy):  # made when first read: from plain values or a Once, and plain once made
        waits_on = [a for a in x._args if isinstance(a, Once)]
        _only_plain([a for a in x._args if not isinstance(a, Once)], f"{where} (inputs)")
        for once in waits_on:  # the all-LA rows, converted on the first read of any LA's part
            _waits_on_tables_only(once, where)
        _only_plain(list(x), where)
        for once in waits_on:
            assert once._pending is None, f"{where} kept its inputs after being read"
    else:
        assert isinstance(x, PLAIN), f"{where} is a {type(x).__name__}"


def _waits_on_tables_only(once: Once[object], where: str) -> None:
    """What an unread part waits on - the inputs of its ``Once``, and of the ``Once`` those wait on, and the
    values its function closes over - holds frames and plain values, never the dataset, a builder or the
    methodology."""
    if once._pending is None:
        return
    make, args = once._pending
    inputs = list(args) + [c.cell_contents for c in (getattr(make, "__closure__", None) or ())]
    for v in inputs:
        assert not isinstance(v, Dataset | ProfileBuilder | Methodology | ParameterReads), (
            f"{where} waits on a {type(v).__name__}"
        )
        if isinstance(v, Once):
            _waits_on_tables_only(v, where)


@pytest.fixture(scope="module")
def seeds() -> list[Profile]:
    b = ProfileBuilder(Dataset("seeds-2009"), load("2009"))
    return [b.build(c, inputs=True) for c in b.las()]


def test_profile_holds_plain_values_only(seeds: list[Profile]) -> None:
    for p in seeds:
        _only_plain(p)


def test_the_parts_of_a_national_run_wait_until_read_and_then_let_the_tables_go() -> None:
    b = ProfileBuilder(Dataset("seeds-2009"), load("2009"))
    profiles = b.build_all()
    assert all(isinstance(p.indicators, Lazy) and isinstance(p.gaps, Lazy) for p in profiles)
    first, second = profiles[0], profiles[1]
    assert first.indicators._items is None and second.gaps._items is None  # nothing made yet
    for p in profiles:
        _only_plain(p)
    assert [r.code for r in first.indicators] == [r.code for r in b.build(first.la_code).indicators]
    assert list(second.gaps) == list(b.build(second.la_code).gaps)


def test_once_makes_its_value_on_the_first_call_only() -> None:
    calls: list[int] = []

    def make(n: int) -> list[int]:
        calls.append(n)
        return [n, n]

    once = Once(make, 3)
    assert calls == []
    assert once() == [3, 3] and once() == [3, 3]
    assert calls == [3] and once._pending is None


def test_a_part_read_by_several_threads_at_once_is_made_whole_for_each() -> None:
    """Web requests may read the same unread part together: each gets the whole value, none an error."""
    import threading
    import time

    def make(n: int) -> list[int]:
        time.sleep(0.01)  # long enough for the other threads to arrive while it is being made
        return list(range(n))

    for _ in range(20):
        once = Once(make, 5)
        parts = [Lazy(lambda o: o(), once) for _ in range(4)]
        got: list[object] = []

        def read(part: Lazy[int], got: list[object]) -> None:
            try:
                got.append(list(part))
            except Exception as e:  # noqa: BLE001 - the test reports any failure of a reader
                got.append(e)

        threads = [threading.Thread(target=read, args=(p, got)) for p in parts + parts]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert got == [[0, 1, 2, 3, 4]] * len(threads)


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
