import pytest

from csrating.profile.compare import Verdict, compare_share, compare_value, wilson_interval

KW = dict(tolerance_pp=5.0, min_n=3, wilson_min_n=20, confidence=0.95)


def test_wilson_interval_matches_the_textbook_value():
    lo, hi = wilson_interval(8, 10, 0.95)
    assert lo == pytest.approx(49.0, abs=0.1) and hi == pytest.approx(94.3, abs=0.1)


def test_share_within_tolerance_is_in_line():
    assert compare_share(62, 100, 60.0, **KW).verdict is Verdict.IN_LINE


def test_share_above_needs_the_comparator_outside_the_interval_when_counts_allow():
    # 24 of 30 = 80% vs 68%: 12 points apart, but 68% lies inside the Wilson interval (62.7%, 90.5%)
    c = compare_share(24, 30, 68.0, **KW)
    assert c.verdict is Verdict.IN_LINE and c.interval is not None
    # 90 of 100 = 90% vs 68%: outside the interval
    assert compare_share(90, 100, 68.0, **KW).verdict is Verdict.ABOVE


def test_share_from_a_handful_of_settings_is_not_compared():
    c = compare_share(2, 2, 60.0, **KW)
    assert c.verdict is Verdict.TOO_FEW and c.difference_pp is None


def test_small_counts_use_the_tolerance_only():
    assert compare_share(9, 10, 60.0, **KW).verdict is Verdict.ABOVE
    assert compare_share(3, 10, 60.0, **KW).verdict is Verdict.BELOW


def test_missing_figures_are_no_data_never_a_comparison():
    assert compare_share(0, 0, 60.0, **KW).verdict is Verdict.NO_DATA
    assert compare_share(5, 10, None, **KW).verdict is Verdict.NO_DATA


@pytest.mark.parametrize(
    ("value", "comp", "polarity", "unit", "expected"),
    [
        (80.0, 70.0, "high", "%", Verdict.BETTER),
        (80.0, 70.0, "low", "%", Verdict.WORSE),
        (71.5, 70.0, "high", "%", Verdict.IN_LINE),  # within 2 points
        (10.4, 10.0, "low", "rate per 10,000", Verdict.IN_LINE),  # within 5% relative
        (12.0, 10.0, "low", "rate per 10,000", Verdict.WORSE),
        (12.0, 10.0, "none", "rate", Verdict.HIGHER),
        (None, 10.0, "high", "%", Verdict.NO_DATA),
    ],
)
def test_indicator_comparison_is_polarity_aware(value, comp, polarity, unit, expected):
    verdict, _ = compare_value(value, comp, polarity, unit, tolerance_pp=2.0, tolerance_relative=0.05)
    assert verdict is expected
