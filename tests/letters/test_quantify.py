"""Lists in the letters' sentences (``quantify.join``)."""

from csrating.letters.quantify import before_noun, join


def test_a_list_reads_as_english():
    assert join([]) == "" and join(["a"]) == "a" and join(["a", "", "b"]) == "a and b"
    assert join(["a", "b", "c"]) == "a, b and c"


def test_items_with_commas_of_their_own_are_parted_by_semicolons():
    names = ["children in low-income families", "care leavers in education, employment or training", "NEET"]
    assert join(names) == (
        "children in low-income families; care leavers in education, employment or training; and NEET"
    )
    # two items need no separator but "and"
    assert join(names[1:]) == "care leavers in education, employment or training and NEET"


def test_items_measured_at_different_ages_are_said_once():
    gaps = ["the free school meals attainment gap at 16", "the free school meals attainment gap at 11"]
    assert join(gaps) == "the free school meals attainment gap at 16 and at 11"
    assert join(["persistent absence", *gaps]) == (
        "persistent absence and the free school meals attainment gap at 16 and at 11"
    )
    three = ["progress at 7", "progress at 11", "progress at 16"]
    assert join(three) == "progress at 7, at 11 and at 16"
    # not merged: different heads, or a place that is more than a word
    assert join(["reading at 11", "maths at 11"]) == "reading at 11 and maths at 11"
    assert (
        join(["a gap at the end of reception", "a gap at 11"])
        == "a gap at the end of reception and a gap at 11"
    )


def test_a_quantifier_before_a_noun():
    assert before_noun("almost all") == "almost all" and before_noun("all") == "all"
    assert before_noun("a very large majority") == "a very large majority of"
    assert before_noun("half") == "half of" and before_noun("two thirds") == "two thirds of"
