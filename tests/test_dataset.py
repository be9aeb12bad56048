import json

import polars as pl
import pytest

from csrating import dataset
from csrating.findings import FindingCode, Findings, ImportRefused
from tests.conftest import FIXTURES

RECIPES = FIXTURES / "recipes"


def build(name: str, out, **kw):
    findings = Findings()
    recipe = dataset.load_recipe(RECIPES / name, findings)
    assert recipe is not None and not findings.has_errors
    return dataset.build(recipe, out, findings, **kw)


def test_build_writes_parquet_tables_and_a_manifest(tmp_path):
    steps = []
    result = build("mini.yaml", tmp_path / "mini", progress=lambda label, i, n: steps.append((i, n)))
    m = json.loads((tmp_path / "mini" / "manifest.json").read_text())
    assert m["name"] == "mini" and m["synthetic"] is True
    assert m["attribution"].startswith("Contains public sector information")
    src = {s["path"]: s for s in m["sources"]}
    sn = src["raw/dfe-csc-outcomes-enablers/New_Statistical_Neighbour_Groupings_April_2021.csv"]
    assert len(sn["sha256"]) == 64 and sn["as_at"] == "2021-04-01" and sn["publisher"]
    assert m["tables"]["settings"]["rows"] == 3 and m["tables"]["settings"]["synthetic_rows"] == 3
    assert m["tables"]["local_authorities"]["rows"] >= 152  # the reference list is always included
    assert steps[0] == (0, 2) and steps[-1] == (2, 2)
    ds = dataset.Dataset(result.path)
    assert ds.table("statistical_neighbours").filter(la_code="314").height == 10
    assert ds.verify() == []


def test_tampered_table_fails_verification(tmp_path):
    result = build("mini.yaml", tmp_path / "mini")
    (result.path / "settings.parquet").write_bytes(b"not parquet")
    assert ds_errors(result.path) == ["settings.parquet does not match its checksum"]


def ds_errors(path):
    return dataset.Dataset(path).verify()


def test_refused_import_writes_nothing_and_keeps_the_previous_snapshot(tmp_path):
    good = build("mini.yaml", tmp_path / "mini")
    before = (good.path / "manifest.json").read_text()
    with pytest.raises(ImportRefused) as exc:
        build("bad.yaml", tmp_path / "mini")
    codes = {(f.code, f.column) for f in exc.value.findings.errors}
    assert (FindingCode.DUPLICATE_KEY, None) in codes  # SYN-1 twice in one file
    assert (FindingCode.UNKNOWN_LA_CODE, "la_code") in codes  # LA 999
    assert (good.path / "manifest.json").read_text() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini"]  # no temporary folder left


def test_refused_first_import_leaves_no_folder(tmp_path):
    with pytest.raises(ImportRefused):
        build("bad.yaml", tmp_path / "new")
    assert list(tmp_path.iterdir()) == []


def test_later_source_wins_on_a_shared_key(tmp_path):
    recipe_text = (RECIPES / "mini.yaml").read_text() + (
        "  - reader: canonical_csv\n    path: canonical/mini/settings.csv\n"
    )
    (RECIPES / "twice.yaml").write_text(recipe_text)
    try:
        result = build("twice.yaml", tmp_path / "t")
    finally:
        (RECIPES / "twice.yaml").unlink()
    assert result.manifest["superseded_rows"]["settings"] == 3
    assert dataset.Dataset(result.path).table("settings").height == 3


def test_bad_recipe_is_reported(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text("name: x\nsources:\n  - reader: dfe_neighbours\n  - {reader: a, path: b, colour: red}\n")
    findings = Findings()
    dataset.load_recipe(f, findings)
    assert [x.code for x in findings.errors] == [FindingCode.BAD_RECIPE, FindingCode.BAD_RECIPE]


def test_unknown_dataset_name_says_where_it_looked():
    with pytest.raises(dataset.DatasetNotFound, match="not found in"):
        dataset.Dataset("no-such-dataset")


def _build_same_urn(out):
    text = (RECIPES / "mini.yaml").read_text() + "  - reader: canonical_csv\n    path: canonical/same_urn\n"
    (RECIPES / "same_urn.yaml").write_text(text)
    try:
        return build("same_urn.yaml", out)
    finally:
        (RECIPES / "same_urn.yaml").unlink()


def test_a_urn_shared_by_two_remits_keeps_both_settings(tmp_path):
    # Ofsted URNs are unique within a register only: a childminder and a school may share one
    result = _build_same_urn(tmp_path / "s")
    s = dataset.Dataset(result.path).table("settings").filter(urn="SYN-1").sort("remit")
    assert s["remit"].to_list() == ["early_years", "schools"]
    assert "settings" not in result.manifest["superseded_rows"]


def test_each_inspection_points_to_its_own_setting_by_row_and_the_file_keeps_steps(tmp_path):
    """The snapshot gives each inspection the row of its setting (same remit and URN: SYN-1 is both a
    childminder and a school), null where the settings table has no such setting; the file stores the
    steps between rows, and the dataset adds them back up."""
    result = _build_same_urn(tmp_path / "s")
    ds = dataset.Dataset(result.path)
    assert ds.derived("setting_inspections", "setting_row")
    assert result.manifest["tables"]["setting_inspections"]["derived"] == {"setting_row": "settings"}
    inspections = ds.table("setting_inspections")
    found = inspections.filter(pl.col("setting_row").is_not_null())
    pointed = ds.table("settings").select("remit", "urn")[found["setting_row"]]
    assert pointed.equals(found.select("remit", "urn"))
    assert inspections.filter(pl.col("setting_row").is_null())["urn"].to_list() == ["SYN-9"]
    early, school = (
        found.filter(remit=r, urn="SYN-1")["inspection_id"].to_list() for r in ("early_years", "schools")
    )
    assert (early, school) == (["y"], ["a"])
    stored = pl.read_parquet(result.path / "setting_inspections.parquet")
    assert "setting_row" not in stored.columns
    assert stored["setting_row_step"].drop_nulls().to_list() == [0, 1, 1, 1, 0]


# ------------------------------------------------------- a build never destroys what it did not make
def test_build_refuses_a_folder_it_did_not_make_and_leaves_it_untouched(tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "thesis.docx").write_text("years of work")
    with pytest.raises(dataset.UnsafeTarget, match="thesis.docx"):
        build("mini.yaml", target)
    assert [p.name for p in target.iterdir()] == ["thesis.docx"]
    assert (target / "thesis.docx").read_text() == "years of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]  # no work folder left


def test_build_refuses_a_snapshot_folder_holding_a_foreign_file(tmp_path):
    first = build("mini.yaml", tmp_path / "mini")
    (first.path / "notes.txt").write_text("mine")
    with pytest.raises(dataset.UnsafeTarget, match="notes.txt"):
        build("mini.yaml", tmp_path / "mini")
    assert (first.path / "notes.txt").read_text() == "mine"


def test_build_refuses_a_file_and_a_symlink_as_target(tmp_path):
    f = tmp_path / "f"
    f.write_text("x")
    with pytest.raises(dataset.UnsafeTarget, match="is a file"):
        build("mini.yaml", f)
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    with pytest.raises(dataset.UnsafeTarget, match="symbolic link"):
        build("mini.yaml", tmp_path / "link")
    assert f.read_text() == "x" and (tmp_path / "link").is_symlink()


def test_build_replaces_its_own_snapshot_by_one_swap(tmp_path):
    first = build("mini.yaml", tmp_path / "mini")
    built_at = json.loads((first.path / "manifest.json").read_text())["build_seconds"]
    second = build("mini.yaml", tmp_path / "mini")
    assert second.path == first.path and dataset.Dataset(second.path).verify() == []
    assert isinstance(built_at, float)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini"]


@pytest.mark.parametrize("name", ["..", ".", "/tmp/x", "../up", "a/b", "", "-rf", "x" * 65])
def test_a_recipe_name_that_is_a_path_is_refused(tmp_path, name):
    f = tmp_path / "r.yaml"
    f.write_text(f"name: {json.dumps(name)}\nsources: []\n")
    findings = Findings()
    assert dataset.load_recipe(f, findings) is None
    assert [x.code for x in findings.errors] == [FindingCode.BAD_RECIPE]
    assert "plain folder name" in findings.errors[0].message


def test_stale_work_folders_of_killed_builds_are_cleaned_and_a_half_swap_is_restored(tmp_path):
    first = build("mini.yaml", tmp_path / "mini")
    dead = 2**22 + 12345  # above the default pid_max: no live process has it
    # a kill during the write phase leaves a building folder
    building = tmp_path / f".mini.building-{dead}"
    building.mkdir()
    (building / "settings.parquet").write_bytes(b"partial")
    # a kill between the two renames of a swap leaves the old snapshot under its work name only
    first.path.rename(tmp_path / f".mini.old-{dead}")
    removed = dataset.clean_stale(tmp_path / "mini")
    assert removed == [building]
    assert dataset.Dataset(tmp_path / "mini").verify() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mini"]


def test_clean_stale_never_removes_a_work_named_folder_holding_foreign_files(tmp_path):
    odd = tmp_path / f".mini.building-{2**22 + 1}"
    odd.mkdir()
    (odd / "diary.txt").write_text("private")
    assert dataset.clean_stale(tmp_path / "mini") == []
    assert (odd / "diary.txt").exists()


def test_reference_counts_give_the_coverage_against_the_real_number_then(tmp_path):
    from csrating import summary

    text = (RECIPES / "mini.yaml").read_text() + (
        "reference_counts:\n  primary_school: {count: 6, source: a published count, estimate: true}\n"
    )
    (RECIPES / "refcounts.yaml").write_text(text)
    try:
        result = build("refcounts.yaml", tmp_path / "r")
    finally:
        (RECIPES / "refcounts.yaml").unlink()
    ds = dataset.Dataset(result.path)
    row = summary.settings_by_type(ds).filter(setting_type="primary_school").to_dicts()[0]
    assert row["real_number_then"] == 6
    assert row["listed_pct_of_real"] == round(100 * row["settings"] / 6, 1)
    assert row["graded_pct_of_real"] == round(100 * row["inspected"] / 6, 1)
    assert summary.reference_counts(ds)["source"].to_list() == ["a published count (estimate)"]


def test_bad_reference_counts_are_recipe_errors(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text(
        "name: x\nsources: []\nreference_counts:\n  castle: {count: 3, source: s}\n"
        "  primary_school: {count: many}\n"
    )
    findings = Findings()
    dataset.load_recipe(f, findings)
    assert [x.code for x in findings.errors] == [FindingCode.BAD_RECIPE, FindingCode.BAD_RECIPE]
