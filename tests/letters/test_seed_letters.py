"""For each of the four 2009 seed letters, the generated letter states the rating, the verdict line, the
quantifier of the overall share, and each strength and weakness the original states. One test per
statement; STATEMENTS lists each with the (paraphrased) statement of the original it checks."""

import pytest


def has(letter, *phrases, paragraph=None):
    text = letter.paragraph(paragraph) if paragraph else " ".join(letter.paragraphs())
    return all(p.lower() in text.lower() for p in phrases)


def claim(letter, rule, *phrases):
    return any(c.rule == rule and all(p.lower() in c.text.lower() for p in phrases) for c in letter.claims)


STATEMENTS = [
    # Kingston upon Thames (seeds/000)
    ("314", "rated performs excellently (4)", lambda L: L.rating_label == "Performs excellently (4)"),
    (
        "314",
        "verdict line",
        lambda L: (
            L.verdict == "Children's services in the Royal Borough of Kingston upon "
            "Thames perform excellently."
        ),
    ),
    (
        "314",
        "a very large majority of inspected settings good or better",
        lambda L: claim(L, "CLAIM-SETTINGS-OVERALL", "a very large majority"),
    ),
    (
        "314",
        "nurseries and primary schools above national and similar areas",
        lambda L: claim(L, "CLAIM-SETTINGS-ABOVE", "nursery schools", "primary schools"),
    ),
    (
        "314",
        "childcare and childminders also above both comparisons",
        lambda L: claim(L, "CLAIM-SETTINGS-ABOVE", "childcare settings", "childminders"),
    ),
    (
        "314",
        "secondary schools and sixth forms high against comparators",
        lambda L: claim(L, "CLAIM-SETTINGS-ABOVE", "secondary schools", "school sixth forms"),
    ),
    (
        "314",
        "no secondary school is inadequate",
        lambda L: claim(L, "CLAIM-SETTINGS-COUNT", "secondary schools", "none is inadequate"),
    ),
    (
        "314",
        "pupil referral units outstanding",
        lambda L: claim(L, "CLAIM-VULNERABLE-BY-GRADE", "pupil referral units are outstanding"),
    ),
    (
        "314",
        "special schools and the LA fostering agency good",
        lambda L: claim(L, "CLAIM-VULNERABLE-BY-GRADE", "special schools", "fostering agency", "good"),
    ),
    (
        "314",
        "adoption agency and private fostering only satisfactory",
        lambda L: claim(
            L, "CLAIM-VULNERABLE-BY-GRADE", "adoption agency", "private fostering", "only satisfactory"
        ),
    ),
    (
        "314",
        "very large majority of indicators, incl. staying safe and enjoying and achieving, better or in line",
        lambda L: claim(
            L, "CLAIM-INDICATORS-SHARE", "a very large majority", "staying safe", "enjoying and achieving"
        ),
    ),
    (
        "314",
        "two serious case reviews: one adequate, one inadequate",
        lambda L: claim(L, "CLAIM-SCR", "two serious case reviews", "one adequate", "one inadequate"),
    ),
    (
        "314",
        "achievement at five, 11 and 16 high",
        lambda L: claim(L, "CLAIM-ATTAINMENT", "five, 11 and 16", "above"),
    ),
    ("314", "more young people than average reach Level 2 or 3 by 19", lambda L: claim(L, "CLAIM-LEVEL-19")),
    (
        "314",
        "free school meals gaps at 11 and 16 a relative weakness",
        lambda L: claim(L, "CLAIM-GAPS", "free school meals at 11 and 16", "wider"),
    ),
    (
        "314",
        "FSM pupils do better than the same group nationally",
        lambda L: claim(L, "CLAIM-GROUP-VS-NATIONAL", "free school meals", "11", "16"),
    ),
    ("314", "FSM young people also do better at 19", lambda L: claim(L, "CLAIM-GROUP-VS-NATIONAL", "19")),
    # Kensington and Chelsea (seeds/001)
    ("207", "rated performs excellently (4)", lambda L: L.rating_label == "Performs excellently (4)"),
    (
        "207",
        "verdict line",
        lambda L: (
            L.verdict == "Children's services in the Royal Borough of Kensington and "
            "Chelsea perform excellently."
        ),
    ),
    (
        "207",
        "a large majority of inspected settings good or better",
        lambda L: claim(L, "CLAIM-SETTINGS-OVERALL", "a large majority"),
    ),
    (
        "207",
        "school provision above similar areas and nationally",
        lambda L: claim(
            L, "CLAIM-SETTINGS-ABOVE", "primary schools", "secondary schools", "school sixth forms"
        ),
    ),
    (
        "207",
        "three secondary schools good or better, one satisfactory",
        lambda L: claim(L, "CLAIM-SETTINGS-COUNT", "three of the four secondary schools"),
    ),
    (
        "207",
        "pupil referral unit only satisfactory",
        lambda L: claim(L, "CLAIM-VULNERABLE-BY-GRADE", "pupil referral unit is only satisfactory"),
    ),
    (
        "207",
        "special schools good or better",
        lambda L: claim(L, "CLAIM-VULNERABLE-TYPE", "special schools", "good or better"),
    ),
    (
        "207",
        "nurseries below similar areas and nationally",
        lambda L: claim(L, "CLAIM-SETTINGS-WEAKNESS", "nursery schools", "small minority"),
    ),
    (
        "207",
        "childcare settings above both",
        lambda L: claim(L, "CLAIM-SETTINGS-ABOVE", "childcare settings"),
    ),
    (
        "207",
        "childminders a relative weakness, weak in being healthy and staying safe",
        lambda L: claim(L, "CLAIM-SETTINGS-WEAKNESS", "childminders", "being healthy and staying safe"),
    ),
    (
        "207",
        "fostering and adoption agencies outstanding",
        lambda L: claim(L, "CLAIM-VULNERABLE-BY-GRADE", "fostering agency", "adoption agency", "outstanding"),
    ),
    (
        "207",
        "one children's home inadequate, below comparators",
        lambda L: claim(L, "CLAIM-VULNERABLE-TYPE", "children's homes", "the other is inadequate", "below"),
    ),
    (
        "207",
        "assessments to timescales well above",
        lambda L: claim(L, "CLAIM-INDICATOR-STRENGTHS", "initial assessments", "core assessments"),
    ),
    (
        "207",
        "permanent exclusions very high",
        lambda L: claim(L, "CLAIM-INDICATOR-WEAKNESSES", "permanent exclusions"),
    ),
    (
        "207",
        "achievement at Key Stages 2 and 4 well above",
        lambda L: claim(L, "CLAIM-ATTAINMENT", "11 and 16", "above"),
    ),
    ("207", "EYFS achievement in line", lambda L: claim(L, "CLAIM-ATTAINMENT", "age five", "in line")),
    ("207", "all minority ethnic groups achieve very highly", lambda L: claim(L, "CLAIM-ETHNIC-GROUPS")),
    (
        "207",
        "very large majority of indicators at least in line",
        lambda L: claim(L, "CLAIM-INDICATORS-SHARE", "a very large majority", "staying safe"),
    ),
    (
        "207",
        "gaps for vulnerable children consistently smaller, closing",
        lambda L: claim(
            L,
            "CLAIM-GAPS",
            "narrower",
            "free school meals at 11 and 16",
            "special educational needs",
            "closing",
        ),
    ),
    # Kent (seeds/002)
    ("886", "rated performs well (3)", lambda L: L.rating_label == "Performs well (3)"),
    (
        "886",
        "verdict line",
        lambda L: L.verdict == "Children's services in Kent County Council perform well.",
    ),
    (
        "886",
        "a large majority of inspected settings good or better",
        lambda L: claim(L, "CLAIM-SETTINGS-OVERALL", "a large majority"),
    ),
    (
        "886",
        "fewer good or better primary schools than nationally or in similar areas",
        lambda L: claim(L, "CLAIM-SETTINGS-WEAKNESS", "primary schools"),
    ),
    (
        "886",
        "childminders satisfactory overall",
        lambda L: claim(L, "CLAIM-SETTINGS-WEAKNESS", "childminders", "a majority"),
    ),
    (
        "886",
        "more sixth forms good or better than similar areas or the country",
        lambda L: claim(L, "CLAIM-SETTINGS-ABOVE", "school sixth forms"),
    ),
    (
        "886",
        "vulnerable provision mostly good",
        lambda L: claim(L, "CLAIM-VULNERABLE-SUMMARY", "mostly good"),
    ),
    (
        "886",
        "more special schools good or better than nationally or in similar areas",
        lambda L: claim(L, "CLAIM-VULNERABLE-TYPE", "special schools", "more than nationally"),
    ),
    (
        "886",
        "fostering, adoption and private fostering all good",
        lambda L: claim(
            L, "CLAIM-VULNERABLE-BY-GRADE", "fostering agency", "adoption agency", "private fostering", "good"
        ),
    ),
    (
        "886",
        "half the children's homes good, none inadequate",
        lambda L: claim(L, "CLAIM-VULNERABLE-TYPE", "half", "children's homes", "none is inadequate"),
    ),
    (
        "886",
        "half of 18 PRUs good or better, one inadequate",
        lambda L: claim(
            L, "CLAIM-VULNERABLE-TYPE", "half", "eighteen pupil referral units", "one is inadequate"
        ),
    ),
    (
        "886",
        "June 2008 JAR judged safeguarding, looked after children and LDD services good",
        lambda L: claim(
            L,
            "CLAIM-LA-INSPECTION",
            "june 2008",
            "safeguarding",
            "looked after",
            "learning difficulties",
            "good",
        ),
    ),
    (
        "886",
        "all five serious case reviews adequate or better",
        lambda L: claim(L, "CLAIM-SCR", "all five", "adequate or better"),
    ),
    (
        "886",
        "very large majority of indicators in line",
        lambda L: claim(L, "CLAIM-INDICATORS-SHARE", "a very large majority"),
    ),
    (
        "886",
        "FSM gap at 11 wider than nationally and similar areas, closing slowly",
        lambda L: claim(L, "CLAIM-GAPS", "free school meals at 11", "wider", "closing"),
    ),
    # Camden (seeds/004)
    ("202", "rated performs excellently (4)", lambda L: L.rating_label == "Performs excellently (4)"),
    (
        "202",
        "verdict line",
        lambda L: L.verdict == "Children's services in the London Borough of Camden perform excellently.",
    ),
    (
        "202",
        "greater than average share of nursery, primary and sixth form schools good or better",
        lambda L: claim(
            L, "CLAIM-SETTINGS-ABOVE", "nursery schools", "primary schools", "school sixth forms"
        ),
    ),
    (
        "202",
        "secondary mostly satisfactory, none inadequate, four of nine good or better",
        lambda L: claim(
            L, "CLAIM-SETTINGS-COUNT", "four of the nine secondary schools", "none is inadequate"
        ),
    ),
    (
        "202",
        "all six special schools good or better",
        lambda L: claim(L, "CLAIM-VULNERABLE-TYPE", "all six special schools"),
    ),
    (
        "202",
        "all three pupil referral units good or better",
        lambda L: claim(L, "CLAIM-VULNERABLE-TYPE", "all three pupil referral units"),
    ),
    (
        "202",
        "fostering agency outstanding",
        lambda L: claim(L, "CLAIM-VULNERABLE-BY-GRADE", "fostering agency is outstanding"),
    ),
    (
        "202",
        "2008 JAR judged safeguarding and looked after children outstanding",
        lambda L: claim(L, "CLAIM-LA-INSPECTION", "joint area review", "2008", "safeguarding", "outstanding"),
    ),
    (
        "202",
        "very large majority of indicators in line or above",
        lambda L: claim(
            L, "CLAIM-INDICATORS-SHARE", "a very large majority", "staying safe", "enjoying and achieving"
        ),
    ),
    (
        "202",
        "gaps smaller than national; FSM gaps at KS2 and KS4 narrowing",
        lambda L: claim(L, "CLAIM-GAPS", "narrower", "free school meals at 11 and 16", "closing"),
    ),
    (
        "202",
        "KS2 attainment of minority ethnic groups good",
        lambda L: claim(L, "CLAIM-ETHNIC-GROUPS", "age 11"),
    ),
]


# further statements of the originals, grouped here by letter
STATEMENTS += [
    ("314", "safeguarding procedures timely, staying safe indicators consistently strong",
     lambda L: claim(L, "CLAIM-STAYING-SAFE-CONSISTENT")
     and claim(L, "CLAIM-INDICATOR-STRENGTHS", "initial assessments", "core assessments")),
    ("207", "all schools meet the floor target and persistent absence is very low",
     lambda L: claim(L, "CLAIM-INDICATOR-STRENGTHS", "floor target", "persistent absence")),
    ("207", "stability for adopted children very high, placement length long",
     lambda L: claim(L, "CLAIM-INDICATOR-STRENGTHS", "placed for adoption", "settled with the same carer")),
    ("207", "attainment at Key Stages 2 and 4 continues to improve",
     lambda L: claim(L, "CLAIM-ATTAINMENT", "11 and 16", "continues to improve")),
    ("886", "secondary schools perform well overall",
     lambda L: claim(L, "CLAIM-SETTINGS-IN-LINE", "secondary schools perform well")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("la", "statement", "check"), STATEMENTS, ids=[f"{la}:{s}" for la, s, _ in STATEMENTS]
)
def test_statement(seed_letters, la, statement, check):
    letter = seed_letters[la]
    assert check(letter), (
        f"{statement}\n---\n{letter.paragraph('settings')}\n{letter.paragraph('indicators')}"
    )


@pytest.mark.parametrize("la", ["314", "207", "886", "202"])
def test_every_claim_of_the_seed_letters_holds_against_the_profile(seed_letters, la):
    from csrating.dataset import Dataset
    from csrating.letters.claims import verify
    from csrating.methodology.loader import load
    from csrating.profile.profile import ProfileBuilder

    p = ProfileBuilder(Dataset("seeds-2009"), load(2009)).build(la, inputs=False)
    letter = seed_letters[la]
    assert letter.claims
    for c in letter.claims:
        assert c.checks, c.id  # no claim without figures to check
        assert verify(c, p) == [], c.text


def test_the_2009_letters_carry_the_statutory_and_transitional_paragraphs(seed_letters):
    L = seed_letters["314"]
    assert "managing performance theme" in L.statutory and "section 138" in L.statutory
    assert any("transitional year" in p for p in L.intro)
    assert any("SYNTHETIC" in n for n in L.notes)
