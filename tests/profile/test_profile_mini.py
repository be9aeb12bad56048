"""The profile on a tiny synthetic dataset: explicit 'no data', comparisons, ranks, inputs."""

import pytest

from csrating import dataset
from csrating.findings import Findings
from csrating.methodology.loader import load
from csrating.profile.profile import ProfileBuilder
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def builder(tmp_path_factory):
    findings = Findings()
    recipe = dataset.load_recipe(FIXTURES / "recipes" / "mini.yaml", findings)
    out = dataset.build(recipe, tmp_path_factory.mktemp("ds") / "mini", findings)
    return ProfileBuilder(dataset.Dataset(out.path), load(2009))


def test_setting_type_without_settings_is_an_explicit_no_data_entry(builder):
    p = builder.build("314")
    s = p.setting("secondary_school")
    assert s.status == "no_data"
    assert s.inspected == 0 and s.good_or_better_pct is None
    assert s.england.verdict == "no_data" and s.similar_areas.verdict == "no_data"
    assert "secondary_school" in p.completeness["settings"]["missing"]


def test_suppressed_indicator_is_no_data_with_its_marker_never_zero(builder):
    r = builder.build("202").indicator("NI73")
    assert r.value is None and r.marker == "c" and r.status == "no_data"
    assert r.england.verdict == "no_data" and r.similar_areas.verdict == "no_data"
    assert r.rank is None
    assert builder.build("202").to_dict()["indicators"][1]["value"] is None


def test_indicator_against_similar_areas_and_england(builder):
    r = builder.build("314").indicator("NI73")
    assert r.value == 85 and r.period == "2008/09"
    # mean of the 2021 neighbours with a 2008/09 value (202 is not a neighbour of 314)
    used = r.similar_areas.detail["neighbours_used"]
    assert sorted(used) == ["302", "315", "318", "319", "868", "870", "919", "936"]
    assert r.similar_areas.figure == pytest.approx((78 + 77 + 73 + 81 + 79 + 70 + 78 + 75) / 8)
    assert r.similar_areas.verdict == "better" and r.england.verdict == "better"
    assert (r.rank, r.rank_of, r.band) == (1, 9, "A")
    assert r.trend["values"] == [80, 82, 85] and r.trend["direction"] == "improving"


def test_lower_is_better_indicator(builder):
    r = builder.build("314").indicator("NI62")
    assert r.value == 8.0 and r.england.verdict == "better" and r.rank == 1


def test_too_few_neighbours_gives_no_similar_figure(builder):
    # NI62 has values for only 5 of Kingston's neighbours... 302, 319, 315, 318, 868 -> exactly the minimum
    r = builder.build("314").indicator("NI62")
    assert r.similar_areas.detail["n"] == 5 and r.similar_areas.figure is not None


def test_settings_share_carries_its_inputs(builder):
    s = builder.build("314").setting("primary_school")
    assert s.inspected == 2 and s.counts["outstanding"] == 1 and s.counts["good"] == 1
    # 2009 compares even one setting, as the letters did, resting on the tolerance alone
    # (England here is the sum over the dataset, so Kingston's two schools are England's only two)
    assert s.england.verdict == "in_line" and s.england.difference == 0
    urns = {i["urn"]: i for i in s.inputs}
    # SYN-2 was satisfactory in 2007 and good in 2009: the latest before the census counts
    assert urns["SYN-2"]["inspection_id"] == "c" and urns["SYN-2"]["grade"] == "good"


def test_profile_serialises_to_json_and_says_it_is_synthetic(builder):
    import json

    d = json.loads(builder.build("314").to_json())
    assert d["synthetic"] is True and d["census_date"] == "2009-08-31"
    assert d["methodology"]["parameters"]["min_neighbours"]["assumed"] is True


def test_present_day_methodology_never_compares_a_handful(builder):
    from csrating.profile.profile import ProfileBuilder

    b2025 = ProfileBuilder(builder.ds, load(2025))
    s = b2025.build("314").setting("primary_school")
    assert s.inspected == 2 and s.england.verdict == "too_few" and s.england.difference is None
