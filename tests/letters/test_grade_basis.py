"""Issue 11 points 4 and 6. The letter says what set the grade, consistent with the rating's trace, for
every LA of england-latest: the blocks' bands and the grade they point to, a threshold that capped it, a
recorded judgement that moved it, and a limiting judgement naming the inspection and its month. Every
letter (rating and APA, every format) opens with the notice that it is a reproduction, and none is signed
with a placeholder."""

import pytest
from markupsafe import escape

from csrating.dataset import Dataset
from csrating.enums import RatingGrade
from csrating.letters import render
from csrating.letters.claims import inspection_when
from csrating.letters.letter import build
from csrating.letters.rules.grade_basis import KIND_WORDS, LIMIT_RULES
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine

EXPLAINED = ("BAND-COMBINE", "THR-KEY-GROUPS", "JUDGEMENT-RECORDED", *LIMIT_RULES)


@pytest.fixture(scope="module")
def rated():
    ds = Dataset("england-latest")
    engine = RatingEngine(ds, load(2025))
    out = []
    for p in engine.profiles.build_all():
        r = engine.rate_profile(p)
        out.append((p, r, build(p, r, ds)))
    return out


def test_every_letter_says_what_set_the_grade_as_the_trace_records_it(rated):
    assert len(rated) == 153
    limited = 0
    for p, r, letter in rated:
        basis = [c for c in letter.claims if c.rule == "CLAIM-GRADE-BASIS"]
        if r.grade is None:
            assert not basis, p.la_code
            continue
        (claim,) = basis
        fired = [t.code for t in r.trace if t.fired and t.code in EXPLAINED]
        assert sorted(claim.figures["basis"]) == sorted(fired), (p.la_code, claim.figures, fired)
        for block, band in r.bands.items():
            if band is not None:
                assert f"in band {band} of 4" in claim.text, (p.la_code, block)
        # the sentence ends on the grade the letter gives
        assert claim.text.rstrip(".").endswith(f"{r.grade}, {RatingGrade(r.grade).label.lower()}"), (
            p.la_code,
            claim.text,
        )
        assert letter.paragraph("grade") == claim.text
        if r.limited_by:
            limited += 1
            run = next(t for t in r.trace if t.code in r.limited_by and t.fired)
            kind = next((f for f in run.figures if f.name == "la_inspections.safeguarding.kind"), None)
            when = next((f for f in run.figures if f.name == "la_inspections.safeguarding.date"), None)
            if kind is not None:  # a limited rating names the limiting inspection and the month it was held
                itype = str(kind.value).split(":")[0].removesuffix("_reinspection")
                held = [
                    i for i in p.la_inspections
                    if f"{i['inspection_type']}:{i['aspect']}" == kind.value and str(i["date"]) == when.value
                ]  # fmt: skip
                assert held, (p.la_code, kind.value)
                assert f"the {KIND_WORDS[itype]}{inspection_when(held)}" in claim.text, claim.text
            assert f"limits the grade to {r.grade}" in claim.text, claim.text
    assert limited >= 1


@pytest.fixture(scope="module")
def seed_apa():
    from csrating.apa.letter import build as build_apa
    from csrating.apa.model import assess

    ds = Dataset("seeds-2009")
    return build_apa(assess(ds, "314", 2007), ds)


def test_every_letter_opens_with_the_reproduction_notice_in_every_format(rated, seed_letters, seed_apa):
    letters = [letter for _, _, letter in rated[:3]] + list(seed_letters.values()) + [seed_apa]
    for letter in letters:
        assert "not a letter issued by Ofsted" in letter.notice
        assert letter.paragraphs()[0] == letter.notice
        assert render.markdown(letter).startswith(f"**{letter.notice}**")
        html = render.html(letter)
        assert html.index(str(escape(letter.notice))) < html.index(letter.date)
    from io import BytesIO

    from docx import Document

    for letter in (letters[0], seed_apa):
        doc = Document(BytesIO(render.docx(letter)))
        assert doc.paragraphs[0].text == letter.notice


def test_no_letter_is_signed_with_a_placeholder(rated, seed_letters, seed_apa):
    for letter in [x for _, _, x in rated] + list(seed_letters.values()) + [seed_apa]:
        sig = " ".join(letter.signatory)
        assert "(signatory)" not in sig and "[Name]" not in sig, (letter.la_code, sig)
        assert sig
    # the seeds' letters are signed as recorded in la_contacts
    for letter in [*seed_letters.values(), seed_apa]:
        assert letter.signatory[0] == "Juliet Winstanley", letter.signatory
