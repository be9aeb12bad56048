"""Issue 11 point 3: the profile output names each indicator by the short plain-English name the letters
use (letters/indicator_names.yaml), beside its code: the JSON's ``short_name``, the table's and the CSV's
``name`` column - present-day profiles from the present-day list, 2009-2011 ones from the National
Indicator Set list."""

import csv
import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

from csrating.cli import app
from csrating.dataset import Dataset
from csrating.letters.indicator_names import nis_names, short_names
from csrating.methodology.loader import load
from csrating.profile.profile import Profile
from csrating.profile.render import print_profile
from csrating.rating.engine import RatingEngine

runner = CliRunner()
CARE_LEAVERS = "care leavers aged 19 to 21 in education, employment or training"


def _capital(name: str) -> str:
    return name[:1].upper() + name[1:]


@pytest.fixture(scope="module")
def camden() -> Profile:
    return RatingEngine(Dataset("england-latest"), load("2025")).profiles.build("202")


def test_the_json_profile_gives_each_indicator_its_short_name_and_code():
    r = runner.invoke(app, ["profile", "202", "--dataset", "england-latest", "--format", "json"])
    assert r.exit_code == 0, r.output
    indicators = [i for i in json.loads(r.output)["indicators"] if i["in_profile"]]
    assert len(indicators) > 20
    for i in indicators:
        assert i["short_name"] == short_names()[i["item"]], i["item"]
        assert i["code"] and i["name"]  # the code and the definition's own name stay
    assert any(i["item"] == "NI148" and i["short_name"] == CARE_LEAVERS for i in indicators)
    # read back, the profile keeps the names; a profile written before the field reads back without one
    p = Profile.from_dict(json.loads(r.output))
    assert p.indicator("NI148").display_name == _capital(CARE_LEAVERS)
    older = json.loads(r.output)
    for i in older["indicators"]:
        del i["short_name"]
    r148 = Profile.from_dict(older).indicator("NI148")
    assert r148.short_name is None and r148.display_name == _capital(r148.name)


def test_the_profile_table_names_each_indicator_by_its_short_name(camden):
    console = Console(record=True, width=600)
    print_profile(camden, console)
    text = console.export_text()
    shown = [r for r in camden.indicators if r.breakdown == "all" and r.in_profile]
    assert len(shown) > 20
    for r in shown:
        line = next((ln for ln in text.splitlines() if f" {r.item} " in ln), None)
        assert line is not None and _capital(short_names()[r.item]) in line, (r.item, line)


def test_the_profile_csv_has_the_code_and_the_short_name(tmp_path):
    out = tmp_path / "profiles.csv"
    r = runner.invoke(app, ["profile", "--all", "--dataset", "england-latest", "--out", str(out)])
    assert r.exit_code == 0, r.output
    with out.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["block"] == "indicators" and r["breakdown"] == "all"]
    named = [row for row in rows if row["item"] in short_names()]
    assert len({row["la_code"] for row in named}) == 153
    for row in named:
        assert row["name"] == _capital(short_names()[row["item"]]), row
    assert any(row["item"] == "NI148" and row["name"] == _capital(CARE_LEAVERS) for row in named)


def test_the_2009_profile_csv_names_each_indicator_from_the_national_indicator_set_list(tmp_path):
    out = tmp_path / "profiles-2009.csv"
    args = ["profile", "--all", "--dataset", "seeds-2009", "--year", "2009", "--out", str(out)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    with out.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["block"] == "indicators" and r["breakdown"] == "all"]
    assert len({row["item"] for row in rows}) > 30
    for row in rows:
        assert row["name"] == _capital(nis_names()[row["item"]]), row
    ni59 = next(row for row in rows if row["item"] == "NI59")
    assert ni59["name"] == "Initial assessments completed in time"


def test_the_2009_json_profile_gives_the_short_name_beside_the_definitions_own():
    args = ["profile", "207", "--dataset", "seeds-2009", "--year", "2009", "--format", "json"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    ni66 = next(i for i in json.loads(r.output)["indicators"] if i["item"] == "NI66")
    assert ni66["short_name"] == "looked after children's cases reviewed on time"
    assert ni66["name"] == "Looked after children's cases reviewed within the required timescales"


def test_the_indicators_the_data_lack_are_named_with_their_codes(camden):
    """The profile expects indicators the data do not hold (NI50...): its output names them too."""
    assert "NI50" in camden.completeness["indicators"]["missing"]
    console = Console(record=True, width=2000)
    print_profile(camden, console)
    line = next(ln for ln in console.export_text().splitlines() if "missing indicators:" in ln)
    assert f"{nis_names()['NI50']} (NI50)" in line
    assert all(" (" in part for part in line.split(": ", 1)[1].split("; ")), line
