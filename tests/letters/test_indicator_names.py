"""Issue 11 point 3: every indicator of every profile has a curated short name - the present-day list for
figures from 2012, the National Indicator Set list for the 2009-2011 ratings and the 2005-2008 APA
letters - and letters use it, with its period, never a "(%)"."""

import pytest

from csrating.apa.letter import build as build_apa
from csrating.apa.model import assess
from csrating.dataset import Dataset
from csrating.letters.claims import indicator_name
from csrating.letters.indicator_names import PRESENT_DAY_FROM, nis_names, plain_name, short_name, short_names
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine

# the items whose 2009-2011 measure is the one the present-day item counts: named alike in both lists
SAME_MEASURE = [
    "NI19", "NI48", "NI53", "NI58", "NI62", "NI63", "NI64", "NI65", "NI67", "NI79", "NI80", "NI81",
    "NI111", "NI112", "NI114", "NI116",
]  # fmt: skip


def unnamed(dataset: str, year: str, names: dict[str, str]) -> set[str]:
    """The profile indicators of every LA of ``dataset`` under ``year`` with no name in ``names``."""
    engine = RatingEngine(Dataset(dataset), load(year))
    missing = set()
    for p in engine.profiles.build_all():
        missing |= {r.item for r in p.indicators if r.in_profile and r.item not in names}
    return missing


def test_every_present_day_profile_indicator_has_a_short_name():
    assert unnamed("england-latest", "2025", short_names()) == set()


@pytest.mark.parametrize(
    ("dataset", "year"),
    [("seeds-2009", "2009"), ("england-2009", "2009"), ("england-2010", "2010"), ("england-2011", "2011")],
)
def test_every_2009_to_2011_profile_indicator_has_a_short_name(dataset, year):
    assert unnamed(dataset, year, nis_names()) == set()


def test_the_whole_2009_working_list_is_named_and_nothing_else():
    """Every item of the 2009 profile list (methodology/2009.yaml profile_indicators), whether or not a
    dataset holds it; and no name for an item outside it."""
    listed = [str(i) for i in load("2009").get("profile_indicators")]
    assert set(listed) == set(nis_names())


def _said(name: str, text: str) -> bool:
    """The name is in the text, whole or with its head shared with the name beside it ('the gap at 16
    and at 11' says 'the gap at 11')."""
    head, sep, tail = name.rpartition(" at ")
    return name in text or bool(sep and f"{head} at " in text and f"at {tail}" in text)


def test_the_2007_apa_letters_indicators_have_short_names_and_the_letter_uses_them():
    ds = Dataset("seeds-2009")
    a = assess(ds, "314", 2007)
    assert a.evidence is not None
    rs = [r for r in a.evidence.indicators if r.in_profile and r.value is not None]
    assert len(rs) > 30 and {r.year for r in rs} == {2007}
    assert {r.item for r in rs} - set(nis_names()) == set()
    letter = build_apa(a, ds)
    evidence = [c for c in letter.claims if c.rule.startswith("APA-CLAIM-EVIDENCE")]
    named = {item for c in evidence for item in c.figures}
    assert len(named) > 10
    for c in evidence:
        for item in c.figures:
            assert _said(nis_names()[item], c.text), (item, c.text)
    text = " ".join(c.text for c in evidence)
    assert "78+ points" not in text and "Key Stage 2" not in text  # the definitions' words are gone


@pytest.mark.parametrize("names", [short_names(), nis_names()], ids=["present_day", "national_indicator_set"])
def test_short_names_are_plain_words(names):
    for item, name in names.items():
        assert "(%" not in name and "%" not in name and len(name.split()) <= 16, item
        assert name == name.strip() and "_" not in name and not name.endswith("."), item


def test_the_2009_to_2011_names_leave_the_definitions_words_behind():
    for item, name in nis_names().items():
        assert "(" not in name and "mathematics" not in name and "Key Stage" not in name, item
        assert "timescales" not in name and "working days" not in name, item


def test_one_measure_one_name_across_the_eras():
    for item in SAME_MEASURE:
        assert nis_names()[item] == short_names()[item], item


def test_the_year_of_the_figure_chooses_the_list():
    eet = "in education, employment or training"
    assert short_name("NI148", PRESENT_DAY_FROM) == f"care leavers aged 19 to 21 {eet}"
    assert short_name("NI148", PRESENT_DAY_FROM - 1) == f"care leavers at 19 {eet}"
    assert short_name("NI59", 2007) == "initial assessments completed in time"
    assert short_name("NI59", 2025) is None  # not in the present-day profile
    assert short_name("NI59", None) is None
    assert plain_name("NI999", 2009, "Some measure (%)") == "some measure"  # none curated: the definition


def test_letters_name_the_short_name_with_its_period():
    engine = RatingEngine(Dataset("england-latest"), load("2025"))
    r = next(r for r in engine.profiles.build("202").indicators if r.item == "NI148")
    want = "care leavers aged 19 to 21 in education, employment or training"
    assert indicator_name(r) == f"{want} ({r.period})"


def test_the_2009_letters_name_the_short_names(seed_letters):
    strengths = [c.text for c in seed_letters["207"].claims if c.rule == "CLAIM-INDICATOR-STRENGTHS"]
    text = " ".join(strengths)
    for item in ("NI59", "NI60", "NI61", "NI63", "NI66", "NI78", "NI87"):
        assert nis_names()[item] in text, item
    assert "secondary schools below the floor target (2008/09)" in text  # no definition's bracket
    assert "within the required timescales" not in text and "working days" not in text
