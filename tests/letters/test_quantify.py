"""Lists in the letters' sentences (``quantify.join``)."""

from csrating.letters.quantify import join


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
