"""Every claim of every letter written for england-latest is checked against the profile: no claim
contradicts its figures (e.g. 'above similar areas' only when the comparison says above)."""

import pytest

from csrating.dataset import Dataset
from csrating.letters.claims import verify
from csrating.letters.indicator_names import short_name
from csrating.letters.letter import build
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine


@pytest.fixture(scope="module")
def letters():
    ds = Dataset("england-latest")
    engine = RatingEngine(ds, load(2025))
    out = []
    for p in engine.profiles.build_all():
        out.append((p, build(p, engine.rate_profile(p), ds)))
    return out


def test_every_claim_of_every_letter_holds(letters):
    assert len(letters) == 153
    n_claims = 0
    failures = []
    for p, letter in letters:
        for c in letter.claims:
            n_claims += 1
            assert c.checks, (p.la_code, c.id)
            failures += [f"{p.la_code}: {f}" for f in verify(c, p)]
    assert not failures, failures[:10]
    assert n_claims > 153 * 5  # the letters say something about every LA


def test_a_claim_that_contradicts_its_figures_is_caught(letters):
    p, c = next((p, c) for p, letter in letters for c in letter.claims if c.rule == "CLAIM-SETTINGS-OVERALL")
    bad = type(c)(**{**c.as_dict(), "checks": [{**c.checks[0], "ge": 101, "le": 102}]})
    assert verify(bad, p)


def test_where_data_are_missing_the_letter_says_less(letters):
    # Cumberland (942) has no neighbours in the 2021 model: no claim compares it with similar areas
    p, letter = next((p, L) for p, L in letters if p.la_code == "942")
    assert all("similar areas" not in c.text or "nationally" in c.text for c in letter.claims)
    assert all(
        not (ch.get("field", "").startswith("similar_areas") and ch.get("eq") in ("above", "better"))
        for c in letter.claims
        for ch in c.checks
    )


def test_a_measure_published_in_two_series_is_named_once(letters):
    """england-latest reads some measures from both LAIT and explore-education-statistics under one item
    of the profile list (care leavers in education, employment or training: NI 148): a sentence names
    such a measure once."""
    checked = 0
    for p, letter in letters:
        for c in letter.claims:
            if c.rule not in ("CLAIM-INDICATOR-STRENGTHS", "CLAIM-INDICATOR-WEAKNESSES"):
                continue
            rows = [r for r in p.indicators if r.item in c.figures and r.breakdown == "all" and r.in_profile]
            named = {r.code for r in rows if short_name(r.item, r.year) in c.text}
            assert len(named) == len(c.figures), (p.la_code, c.text, sorted(named))
            checked += 1
    assert checked > 100


PERIOD_RULES = (
    "CLAIM-INDICATOR-STRENGTHS",
    "CLAIM-INDICATOR-WEAKNESSES",
    "CLAIM-ATTAINMENT",
    "CLAIM-LEVEL-19",
)


def test_every_indicator_sentence_names_the_period_of_its_figures(letters):
    """A sentence about indicators names the period of each figure it rests on (e.g. 2023/24 or 2025); a
    share names the range of periods of the indicators it counts."""
    checked = 0
    for _p, letter in letters:
        for c in letter.claims:
            if c.rule in PERIOD_RULES:
                for item, fig in c.figures.items():
                    assert fig["period"] and fig["period"] in c.text, (item, c.text)
                checked += 1
            elif c.rule in ("CLAIM-INDICATORS-SHARE", "CLAIM-STAYING-SAFE-CONSISTENT"):
                assert "(latest figures, " in c.text, c.text
    assert checked > 150
