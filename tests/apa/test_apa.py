"""The annual performance assessment (2005-2008): rule APA-OVERALL, the seed letter's statements
(Kingston upon Thames 2007, seeds/003), the letter in every format, and the commands. Judgements made up
for a test are flagged synthetic."""

import html as htmllib
import json
import re
from dataclasses import replace
from io import BytesIO

import polars as pl
import pytest
import yaml
from docx import Document
from typer.testing import CliRunner

from csrating.apa import overall
from csrating.apa.letter import build, verify
from csrating.apa.model import ApaError, assess
from csrating.cli import app
from csrating.dataset import Dataset
from csrating.letters import render
from csrating.letters.readability import sentences
from tests.conftest import ROOT
from tests.letters.test_outputs import _axe, _docx_paragraphs

runner = CliRunner()
OUTCOMES = ["BH", "SS", "EA", "MPC", "AEW"]


def _html_blocks(text: str) -> list[str]:
    """Text blocks of the HTML letter in order: paragraphs, headings, list items, address lines."""
    body = text.split("<main>", 1)[1]
    out = []
    for _, inner in re.findall(r"<(p|h1|h2|h3|li|address)[^>]*>(.*?)</\1>", body, flags=re.S):
        for line in re.split(r"<br>", inner):
            line = htmllib.unescape(re.sub(r"<[^>]+>", "", line)).strip()
            if line:
                out.append(" ".join(line.split()))
    return out


def _overall(*grades):
    return overall.derive(dict(zip(OUTCOMES, grades, strict=True)), 4, 1).derived


def test_overall_grade_from_the_outcomes_follows_the_cases_on_record():
    assert _overall(3, 4, 4, 4, 4) == 4  # Kingston upon Thames 2007: overall 4
    assert _overall(3, 3, 2, 3, 2) == 2  # the council told one more 3 would have made it 3...
    assert _overall(3, 3, 3, 3, 2) == 3  # ...and so it does
    # one inadequate outcome does not by itself make the overall grade inadequate (2008: 8 inadequate
    # for staying safe, 4 inadequate overall)
    assert _overall(3, 1, 3, 3, 3) == 2
    assert _overall(1, 1, 2, 2, 2) == 1
    t = overall.derive({"BH": 3, "SS": 4}, 4, 1)
    assert t.derived is None and "no grade for EA, MPC, AEW" in t.steps[0]


@pytest.fixture(scope="module")
def seeds():
    return Dataset("seeds-2009")


@pytest.fixture(scope="module")
def kingston(seeds):
    return assess(seeds, "314", 2007)


def test_kut07_02_apa_grades_and_the_rule_agrees(kingston):
    grades = {j.aspect: j.grade for j in kingston.judgements}
    assert grades == {"overall": 4, "BH": 3, "SS": 4, "EA": 4, "MPC": 4, "AEW": 4, "capacity": 4}
    assert [j.aspect for j in kingston.judgements] == ["overall", *OUTCOMES, "capacity"]
    assert kingston.overall_trace["derived"] == 4 and kingston.overall_trace["agrees"] is True
    assert kingston.findings == [] and kingston.synthetic is False


def test_kut07_04_jar_recommendations_by_area_timescale_and_progress(kingston):
    recs = kingston.recommendations
    assert kingston.jar_year == 2006 and len(recs) == 6
    assert {a: len(kingston.recommendations_for(a)) for a in ("SS", "MPC", "capacity")} == {
        "SS": 2, "MPC": 2, "capacity": 2,
    }  # fmt: skip
    assert [r.timescale for r in recs].count("longer_term") == 1
    # the 2007 letter: very good progress on the four staying safe and positive contribution ones, good on
    # the two of capacity (on the inspectorate's scale, "very good" included)
    assert [r.progress for r in recs] == ["very good"] * 4 + ["good"] * 2
    assert not [f for f in kingston.findings if "narrative" in f]


@pytest.fixture(scope="module")
def letter(seeds, kingston):
    return build(kingston, seeds)


def test_kut07_01_addressee_date_and_signatory(letter):
    assert letter.date == "26 November 2007"
    assert letter.addressee[0] == "Mr Patrick Leeson" and letter.salutation == "Dear Mr Leeson"
    assert "Royal Borough of Kingston-upon-Thames" in letter.heading
    assert letter.signatory[0] == "Juliet Winstanley"


def test_letter_has_a_section_per_judgement_with_its_grade(letter):
    assert [s.aspect for s in letter.sections] == ["overall", *OUTCOMES, "capacity"]
    assert [s.grade_line for s in letter.sections] == ["Grade 4", "Grade 3", *["Grade 4"] * 5]
    bh = letter.sections[1]
    assert "a good contribution" in bh.summary() and "made no recommendations" in bh.summary()
    overall_text = letter.sections[0].summary()
    assert "outstanding contribution in staying safe" in overall_text
    assert "a good contribution in being healthy" in overall_text


def test_kut07_03_and_04_the_jar_in_the_letter(letter):
    ss = next(s for s in letter.sections if s.aspect == "SS")
    assert "made two recommendations on staying safe, which it judged good" in ss.summary()
    assert [g["heading"] for g in ss.actions] == ["For action within six months"]
    assert len(ss.actions[0]["items"]) == 2
    assert ss.progress_text().startswith(
        "On staying safe, progress on both has been very good. Practice on domestic violence"
    )
    cap = next(s for s in letter.sections if s.aspect == "capacity")
    assert [g["heading"] for g in cap.actions] == [
        "For action within six months",
        "For action in the longer term",
    ]
    assert "good progress on the recommendations of the joint area review of 2006" in letter.closing_text()
    assert cap.progress_text().startswith("On capacity to improve, progress on both has been good.")
    assert "section 138 of the Education and Inspections Act 2006" in letter.statutory


def test_the_narrative_gives_strengths_and_areas_for_development(letter):
    """Issue 11 point 5: the recorded narrative (apa_narrative) makes each section's strengths and its
    "Areas for development" bullets, each a claim checked against the record."""
    bh = next(s for s in letter.sections if s.aspect == "BH")
    assert [c.rule for c in bh.development] == ["APA-CLAIM-DEVELOPMENT"] * 2
    assert "sex and relationship education" in bh.development[0].text
    assert len(bh.narrative) == 5 and all(c.rule == "APA-CLAIM-STRENGTHS" for c in bh.narrative)
    assert not [s.aspect for s in letter.sections if s.aspect != "BH" and s.development]
    assert "Areas for development" in letter.paragraphs()
    assert all(s.narrative for s in letter.sections if s.aspect != "overall")


def test_the_notice_says_whether_the_narrative_is_reproduced(seeds, kingston, letter):
    """The reproduction notice at the top tells a reader where the sections' findings come from: the
    recorded narrative where there is one, else that the original's narrative is not reproduced."""
    assert "inspectors' findings as recorded" in letter.notice and "not reproduced" not in letter.notice
    bare = build(replace(kingston, narrative=[]), seeds)
    assert "not reproduced" in bare.notice and "inspectors' findings" not in bare.notice
    assert not any(s.narrative or s.development for s in bare.sections)


def test_every_claim_holds_and_a_changed_record_breaks_it(letter, kingston):
    assert letter.claims and all(verify(c, kingston) == [] for c in letter.claims)
    assert all(c.rule.startswith("APA-CLAIM-") and c.checks for c in letter.claims)
    worse = replace(
        kingston, judgements=[replace(j, grade=2) if j.aspect == "BH" else j for j in kingston.judgements]
    )
    broken = [c.id for c in letter.claims if verify(c, worse)]
    assert broken == ["overall-outcomes", "BH-grade"]
    fewer = replace(kingston, recommendations=kingston.recommendations[1:])
    assert {c.id for c in letter.claims if verify(c, fewer)} == {"SS-jar", "SS-progress", "closing-jar"}


def test_letter_in_every_format(letter, tmp_path):
    files = render.write(letter, tmp_path, ("md", "html", "pdf", "docx"), stem="314-apa-2007")
    assert sorted(f.name for f in files) == [
        f"314-apa-2007.{x}" for x in ("claims.json", "docx", "html", "md", "pdf")
    ]
    html = (tmp_path / "314-apa-2007.html").read_text()
    assert (
        _docx_paragraphs(render.docx(letter))
        == _html_blocks(html)
        == [" ".join(p.split()) for p in letter.paragraphs()]
    )
    md = (tmp_path / "314-apa-2007.md").read_text()
    assert "### Staying safe\n\n**Grade 4**" in md and "#### For action in the longer term" in md
    claims = json.loads((tmp_path / "314-apa-2007.claims.json").read_text())
    assert claims["kind"] == "annual performance assessment" and claims["grade"] == 4
    import subprocess

    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "314-apa-2007.pdf")], capture_output=True, text=True
    ).stdout
    assert re.search(r"Tagged:\s+yes", info)
    r = _axe(tmp_path / "314-apa-2007.html")
    assert r.returncode == 0, r.stdout
    doc = Document(BytesIO(render.docx(letter)))
    assert doc.core_properties.language == "en-GB"


def _with(seeds, table: str, df: pl.DataFrame) -> Dataset:
    ds = Dataset(seeds.path)
    ds.load_all()
    ds._cache[table] = df
    return ds


def test_a_recorded_overall_grade_that_the_rule_does_not_give_is_a_finding(seeds):
    apa = seeds.table("apa_judgements").with_columns(
        pl.when(pl.col("aspect") == "SS")
        .then(pl.lit(2, dtype=pl.Int8))
        .otherwise(pl.col("grade"))
        .alias("grade"),
        pl.lit(True).alias("synthetic"),
    )
    a = assess(_with(seeds, "apa_judgements", apa), "314", 2007)
    assert a.overall_trace["derived"] == 3 and a.overall_trace["agrees"] is False
    assert a.findings == ["recorded overall grade 4 differs from rule APA-OVERALL, which gives 3"]
    assert a.synthetic is True
    letter = build(a, seeds)
    assert any("SYNTHETIC" in n for n in letter.notes)


def test_2006_grades_its_own_judgements_and_its_letter_has_no_section_138(seeds):
    rows = [("314", 2006, aspect, g) for aspect, g in (("overall", 3), ("capacity", 3), ("social_care", 2))]
    apa = pl.DataFrame(
        rows,
        schema={"la_code": pl.String, "year": pl.Int16, "aspect": pl.String, "grade": pl.Int8},
        orient="row",
    ).with_columns(
        pl.lit(None, dtype=pl.Date).alias("letter_date"),
        pl.lit("test").alias("source"),
        pl.lit(True).alias("synthetic"),
    )
    a = assess(_with(seeds, "apa_judgements", apa), "314", 2006)
    assert [j.aspect for j in a.judgements] == ["overall", "capacity", "social_care"]
    assert a.overall_trace is None and a.jar_year is None
    letter = build(a, seeds)
    assert "The council's social care services for children are adequate." in letter.sections[2].summary()
    assert "section 138" not in letter.statutory
    with pytest.raises(ApaError, match="no 2007 APA judgements"):
        assess(_with(seeds, "apa_judgements", apa), "314", 2007)


def test_apa_commands(tmp_path):
    r = runner.invoke(app, ["apa", "show", "Kingston upon Thames", "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["year"] == 2007 and d["overall_trace"]["derived"] == 4
    r = runner.invoke(app, ["apa", "show", "314"])
    assert (
        r.exit_code == 0
        and "APA-OVERALL" in r.output
        and "agrees with the recorded overall grade 4" in r.output
    )
    r = runner.invoke(
        app, ["apa", "letter", "--all", "--year", "2007", "--format", "md,docx", "--out", str(tmp_path)]
    )
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "314-apa-2007.claims.json",
        "314-apa-2007.docx",
        "314-apa-2007.md",
    ]
    r = runner.invoke(app, ["apa", "letter", "314", "--date", "2007-12-03", "--out", str(tmp_path)])
    assert r.exit_code == 0 and "3 December 2007" in (tmp_path / "314-apa-2007.html").read_text()
    for args, message in (
        (["apa", "show", "314", "--dataset", "england-latest"], "records no APA judgements for LA 314"),
        (["apa", "show", "314", "--year", "2010"], "there is no APA for 2010"),
        (["apa", "show", "202"], "records no APA judgements for LA 202"),
        (["apa", "letter", "314", "--date", "26/11/2007"], "--date takes a date as YYYY-MM-DD"),
        (["apa", "letter", "314", "--format", "rtf"], "--format takes md, html, pdf, docx"),
        (["apa", "show"], "name an LA, or give --all"),
    ):
        r = runner.invoke(app, args)
        assert r.exit_code == 2 and message in r.output, (args, r.output)


SPEC = yaml.safe_load((ROOT / "data" / "sources" / "seeds-2009" / "spec.yaml").read_text(encoding="utf-8"))
APA_ITEMS = [
    pytest.param(item, id=item["id"])
    for block in next(v for k, v in SPEC["las"].items() if str(k) == "314")["claims"]
    if block["letter"] == "003"
    for item in block["items"]
    if item["check"]["kind"] == "indicator"
]


def _words(england: str | None, similar: str | None) -> str:
    where = (
        "nationally and in similar areas"
        if england and similar
        else "nationally"
        if england
        else "in similar areas"
    )
    return f"{england or similar} than {where}"


@pytest.mark.parametrize("item", APA_ITEMS)
def test_kut07_indicator_statements_hold_in_the_evidence_and_the_letter_says_them(item, kingston, letter):
    """The 2007 letter's data statements (KUT07-05..17): each holds in the 2006/07 indicators, and the
    letter names the indicator in the sentence of the matching comparison."""
    c = item["check"]
    assert kingston.evidence is not None
    for code in c["codes"]:
        r = kingston.evidence.indicator(code)
        assert r.period == c["period"], (code, r.period)
        if "equals" in c:
            assert r.value == c["equals"]
        if "england" in c:
            assert r.england.verdict == c["england"], (code, r.england)
        if "sn" in c:
            assert r.similar_areas.verdict == c["sn"], (code, r.similar_areas)
        said = [x for x in letter.claims if x.rule.startswith("APA-CLAIM-EVIDENCE") and r.item in x.figures]
        if said:  # up to four indicators are named per group, best ranked first; its first sentence compares
            e = r.england.verdict if r.england.verdict in ("better", "worse") else None
            s = r.similar_areas.verdict if r.similar_areas.verdict in ("better", "worse") else None
            first = sentences(said[0].text)[0]
            assert first.endswith(_words(e, s) + ".") and said[0].paragraph == r.ecm_outcome
    assert any(
        x.rule.startswith("APA-CLAIM-EVIDENCE") and set(c["codes"]) & set(x.figures) for x in letter.claims
    ), "the letter states it"


def test_evidence_sentences_name_indicators_as_they_read_in_a_sentence(letter):
    ea = next(s for s in letter.sections if s.aspect == "EA").evidence_text()
    assert "the figures for a good level of development in the Early Years Foundation Stage" in ea
    ss = next(s for s in letter.sections if s.aspect == "SS").evidence_text()
    assert "the figures for core assessments completed in time" in ss  # the short names
    assert letter.synthetic and any("SYNTHETIC" in n for n in letter.notes)  # synthetic comparators
