"""Synthetic data generator: format, determinism, realism and planted truth (no database).

The tier rules are re-implemented here with pandas over the written CSVs, independently of
ingest.synth, so a bug in the generator's own rule code cannot hide behind itself.
"""

from __future__ import annotations

import filecmp
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from app.cli.synth import command
from ingest.canonical import COLUMNS
from ingest.synth import generate

CLASSIFICATION = (
    Path(__file__).resolve().parents[1] / "graph" / "config" / ("offence_classification.csv")
)
EXTRAS = {"offences": ["committed_time"]}
DATE_COLUMNS = {
    "subjects": ["dob"],
    "victims": ["dob"],
    "offence_subjects": ["named_on"],
    "offences": ["committed_from", "committed_to", "reported_on"],
    "custody": ["start_date", "end_date"],
    "intelligence": ["reported_on"],
    "orders": ["start_date", "end_date", "applied_on", "served_on"],
    "order_conditions": ["starts_on", "ends_on"],
    "breaches": ["occurred_on"],
}
OPTIONAL_DATES = {"committed_to", "end_date", "applied_on", "served_on", "starts_on", "ends_on"}
# Operation Ratify, written out here on purpose (not read from the generator).
TIER1_COUNT, TIER2_COUNT, RECENCY_MONTHS = 6, 4, 18
COUNTED_ROLES = {"suspect", "offender"}
REQUIRED_CASES = {
    "tier1_exactly_six",
    "tier2_exactly_four",
    "one_short_of_tier2",
    "six_sexual_no_rape",
    "recency_exactly_18_months",
    "recency_one_day_too_old",
    "in_custody_on_as_of",
    "released_before_as_of",
    "released_on_as_of",
    "custody_starts_day_after_as_of",
    "reported_after_as_of_five",
    "role_other_three",
    "duplicate_link_three",
    "co_named_offences",
}


def load(folder: Path) -> dict[str, pd.DataFrame]:
    """Every CSV as strings; empty fields stay empty strings."""
    return {
        name: pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in COLUMNS
    }


def truth_of(folder: Path) -> dict:
    return json.loads((folder / "truth.json").read_text(encoding="utf-8"))


def ratify(data: dict[str, pd.DataFrame], as_of: str) -> pd.DataFrame:
    """Independent tier rules: per subject count, rape, last report, in_custody, tier."""
    day = pd.Timestamp(as_of)
    cutoff = day - pd.DateOffset(months=RECENCY_MONTHS)
    cls = pd.read_csv(CLASSIFICATION, dtype=str)
    sexual = set(cls.loc[cls["sexual"].str.lower() == "true", "ho_code"])
    rape = set(cls.loc[cls["rape"].str.lower() == "true", "ho_code"])
    links = data["offence_subjects"]
    links = links[links["role"].isin(COUNTED_ROLES)].drop_duplicates(["offence_id", "subject_id"])
    off = data["offences"].assign(reported=lambda d: pd.to_datetime(d["reported_on"]))
    off = off[off["ho_code"].isin(sexual) & (off["reported"] <= day)]
    m = links.merge(off[["offence_id", "ho_code", "reported"]], on="offence_id")
    g = m.groupby("subject_id").agg(
        count=("offence_id", "nunique"),
        rape=("ho_code", lambda s: int(s.isin(rape).sum())),
        last=("reported", "max"),
    )
    cust = data["custody"]
    start = pd.to_datetime(cust["start_date"])
    end = pd.to_datetime(cust["end_date"].replace("", None))
    inside = (start <= day) & (end.isna() | (end > day))
    g["in_custody"] = g.index.isin(cust.loc[inside, "subject_id"])
    base = (g["rape"] >= 1) & (g["last"] >= cutoff)
    t1 = base & (g["count"] >= TIER1_COUNT) & ~g["in_custody"]
    t2 = base & (g["count"] >= TIER2_COUNT) & ~t1
    g["tier"] = 0
    g.loc[t2, "tier"] = 2
    g.loc[t1, "tier"] = 1
    return g


def tier_of(g: pd.DataFrame, sid: str) -> int | None:
    return int(g.loc[sid, "tier"]) or None if sid in g.index else None


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo1")
    generate(out, profile="demo", seed=1)
    return out


@pytest.fixture(scope="module")
def data(demo: Path) -> dict[str, pd.DataFrame]:
    return load(demo)


@pytest.fixture(scope="module")
def truth(demo: Path) -> dict:
    return truth_of(demo)


def test_same_seed_is_byte_identical_and_other_seed_differs(demo: Path, tmp_path: Path) -> None:
    again, other = tmp_path / "again", tmp_path / "other"
    generate(again, profile="demo", seed=1)
    generate(other, profile="demo", seed=2)
    names = sorted(p.name for p in demo.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(demo, again, names, shallow=False)
    assert not mismatch and not errors
    _, mismatch, _ = filecmp.cmpfiles(demo, other, names, shallow=False)
    assert set(mismatch) == set(names)


def test_every_file_has_the_fixed_columns(demo: Path) -> None:
    for name, cols in COLUMNS.items():
        header = (demo / f"{name}.csv").read_text(encoding="utf-8").split("\n", 1)[0]
        got = header.split(",")
        assert got[: len(cols)] == cols, name
        assert got[len(cols) :] == EXTRAS.get(name, []), name


def test_every_reference_resolves(data: dict[str, pd.DataFrame]) -> None:
    subjects = set(data["subjects"]["subject_id"])
    offences = set(data["offences"]["offence_id"])
    victims = set(data["victims"]["victim_id"])
    locations = set(data["locations"]["location_id"])
    for name in ("subjects", "offences", "victims", "locations"):
        key = COLUMNS[name][0]
        assert data[name][key].is_unique, name
    assert set(data["offence_subjects"]["offence_id"]) <= offences
    assert set(data["offence_subjects"]["subject_id"]) <= subjects
    assert set(data["offence_victims"]["offence_id"]) == offences  # every offence has a victim
    assert set(data["offence_victims"]["victim_id"]) == victims  # and no orphan victims
    assert set(data["offences"]["location_id"]) <= locations
    assert set(data["intelligence"]["location_id"]) <= locations
    for name in ("custody", "identifiers", "intelligence", "orders"):
        assert set(data[name]["subject_id"]) <= subjects, name
    assoc = data["associations"]
    assert set(assoc["subject_id"]) | set(assoc["other_subject_id"]) <= subjects
    assert (assoc["subject_id"] < assoc["other_subject_id"]).all()


def test_values_are_well_formed(data: dict[str, pd.DataFrame]) -> None:
    for name, cols in DATE_COLUMNS.items():
        for col in cols:
            values = data[name][col]
            if col not in OPTIONAL_DATES:
                given = values != ""
                if (name, col) == ("orders", "start_date"):  # applied for or refused: no start
                    given |= data[name]["status"].isin(["applied", "refused"])
                assert given.all(), (name, col)
            pd.to_datetime(values[values != ""], format="%Y-%m-%d")
    off = data["offences"]
    frm, rep = pd.to_datetime(off["committed_from"]), pd.to_datetime(off["reported_on"])
    to = pd.to_datetime(off["committed_to"].replace("", None))
    assert (rep >= frm).all()
    assert (to.isna() | (to >= frm)).all()
    assert set(off["domestic"]) == {"true", "false"}
    outcomes = off.loc[off["outcome_code"] != "", "outcome_code"].astype(int)
    assert outcomes.between(1, 22).all()
    assert off["committed_time"].str.fullmatch(r"([01]\d|2[0-3]):[0-5]\d").all()
    assert off["offence_id"].str.fullmatch(r"O\d{7,}").all()
    assert data["subjects"]["subject_id"].str.fullmatch(r"S\d{6,}").all()
    assert data["victims"]["victim_id"].str.fullmatch(r"V\d{6,}").all()
    assert data["locations"]["location_id"].str.fullmatch(r"L\d{5,}").all()
    assert set(data["offence_subjects"]["role"]) == {"suspect", "offender", "other"}
    loc = data["locations"]
    assert set(loc["venue_type"]) == {
        "night_time_economy",
        "transport_hub",
        "residential",
        "education",
        "online",
        "public_space",
        "retail",
        "workplace",
        "healthcare",
    }
    phys = loc[loc["venue_type"] != "online"]
    assert phys["lat"].str.fullmatch(r"-?\d+\.\d{6}").all()
    assert phys["lon"].str.fullmatch(r"-?\d+\.\d{6}").all()
    assert phys["postcode"].str.fullmatch(r"ZZ\d{1,3} \d[A-Z]{2}").all()
    assert set(data["orders"]["order_type"]) <= {
        "SHPO",
        "SRO",
        "SPO",
        "DVPO",
        "restraining",
        "non_molestation",
        "bail_conditions",
        "DAPO",
        "notification",
    }
    assert set(data["identifiers"]["kind"]) == {"phone", "vehicle", "email"}
    assert set(data["associations"]["kind"]) <= {"co_accused", "family", "associate", "partner"}
    intel = data["intelligence"]  # 3x5x2, the one string and its three parts agreeing
    assert intel["grading"].str.fullmatch(r"[1-3][A-E] [PC]").all()
    assert (intel["source_grade"] + intel["intel_grade"] + " " + intel["handling"]
            == intel["grading"]).all()


def test_truth_counts_and_header(demo: Path, data: dict[str, pd.DataFrame], truth: dict) -> None:
    assert truth["profile"] == "demo" and truth["seed"] == 1 and truth["as_of"] == "2026-11-01"
    assert truth["counts"] == {f"{k}.csv": len(v) for k, v in data.items()}
    rule = truth["rule"]
    assert (rule["tier1_count"], rule["tier2_count"], rule["recency_months"]) == (6, 4, 18)
    assert rule["rape_codes"] == ["19C", "19D", "19E", "19F", "19G", "19H"]


def _check_tiers(data: dict[str, pd.DataFrame], truth: dict) -> pd.DataFrame:
    g = ratify(data, truth["as_of"])
    assert sorted(g.index[g["tier"] == 1]) == sorted(truth["tier1"])
    assert sorted(g.index[g["tier"] == 2]) == sorted(truth["tier2"])
    in_custody = g.index[(g["tier"] == 2) & g["in_custody"]]
    assert sorted(in_custody) == sorted(truth["tier2_in_custody"])
    return g


def test_tiers_match_an_independent_implementation(data: dict, truth: dict) -> None:
    _check_tiers(data, truth)
    assert (len(truth["tier1"]), len(truth["tier2"])) == (13, 15)
    assert truth["tier2_in_custody"]


@pytest.mark.parametrize("seed", [2, 3, 17])
def test_tiers_match_for_other_seeds(tmp_path: Path, seed: int) -> None:
    generate(tmp_path, profile="demo", seed=seed)
    _check_tiers(load(tmp_path), truth_of(tmp_path))


def test_month_end_as_of_clips_the_recency_date(tmp_path: Path) -> None:
    generate(tmp_path, profile="demo", seed=4, as_of="2026-08-31")
    truth = truth_of(tmp_path)
    assert truth["recent_from"] == "2025-02-28"
    _check_tiers(load(tmp_path), truth)


def test_every_boundary_case_behaves_as_described(data: dict, truth: dict) -> None:
    g = ratify(data, truth["as_of"])
    names = {c["name"] for c in truth["cases"]}
    assert REQUIRED_CASES <= names
    for case in truth["cases"]:
        assert case["description"]
        for s in case["subjects"]:
            sid = s["subject_id"]
            assert tier_of(g, sid) == s["expected_tier"], (case["name"], sid)
            if s["expected_tier"] == 2:
                assert bool(g.loc[sid, "in_custody"]) == s["in_custody"], case["name"]


def _case(truth: dict, name: str) -> dict:
    return next(c for c in truth["cases"] if c["name"] == name)


def _counted_reports(data: dict, sid: str) -> pd.Series:
    links = data["offence_subjects"]
    mine = links[(links["subject_id"] == sid) & links["role"].isin(COUNTED_ROLES)]
    cls = pd.read_csv(CLASSIFICATION, dtype=str)
    sexual = set(cls.loc[cls["sexual"].str.lower() == "true", "ho_code"])
    off = data["offences"]
    off = off[off["offence_id"].isin(mine["offence_id"]) & off["ho_code"].isin(sexual)]
    return off["reported_on"]


def test_boundary_cases_have_the_data_they_claim(data: dict, truth: dict) -> None:
    """The cases are only meaningful if the data sits exactly on each boundary."""
    as_of = pd.Timestamp(truth["as_of"])
    cutoff = (as_of - pd.DateOffset(months=18)).date().isoformat()
    assert truth["recent_from"] == cutoff

    def sid(name: str, i: int = 0) -> str:
        return _case(truth, name)["subjects"][i]["subject_id"]

    assert _counted_reports(data, sid("recency_exactly_18_months")).max() == cutoff
    day_before = (pd.Timestamp(cutoff) - pd.Timedelta(days=1)).date().isoformat()
    too_old = sid("recency_one_day_too_old")
    assert _counted_reports(data, too_old).max() == day_before
    assert _counted_reports(data, sid("reported_exactly_on_as_of")).max() == truth["as_of"]
    links = data["offence_subjects"]
    # The too-old subject also has recent links that must not count.
    assert (links[links["subject_id"] == too_old]["role"] == "other").any()
    for name, rows in (("duplicate_link_three", 4), ("duplicate_link_five", 6)):
        mine = links[links["subject_id"] == sid(name)]
        assert len(mine) == rows and mine["offence_id"].nunique() == rows - 1
    assert (links[links["subject_id"] == sid("role_other_three")]["role"] == "other").any()
    reported = _counted_reports(data, sid("reported_after_as_of_five"))
    assert (reported > truth["as_of"]).sum() == 1
    custody = data["custody"].set_index("subject_id")
    assert custody.loc[sid("released_on_as_of"), "end_date"] == truth["as_of"]
    next_day = (as_of + pd.Timedelta(days=1)).date().isoformat()
    assert custody.loc[sid("custody_starts_day_after_as_of"), "start_date"] == next_day
    assert custody.loc[sid("in_custody_on_as_of"), "end_date"] == ""
    a, b = sid("co_named_offences", 0), sid("co_named_offences", 1)
    shared = set(links[links["subject_id"] == a]["offence_id"]) & set(
        links[links["subject_id"] == b]["offence_id"]
    )
    assert len(shared) == 2


def test_offence_mix_is_realistic(data: dict) -> None:
    cls = pd.read_csv(CLASSIFICATION, dtype=str)
    cat = data["offences"].merge(cls, on="ho_code")["category"].value_counts()
    sexual = cat.get("rape", 0) + cat.get("other_sexual", 0)
    assert 0.25 <= cat["rape"] / sexual <= 0.45
    others = sum(cat.get(c, 0) for c in ("stalking", "harassment", "coercive_control", "assault"))
    assert others > sexual
    assert 1_700 <= len(data["offences"]) <= 2_300
    rep = pd.to_datetime(data["offences"]["reported_on"])
    assert (rep.max() - rep.min()).days > 9 * 365


def test_repeat_locations_have_their_peaks(data: dict, truth: dict) -> None:
    off = data["offences"]
    counts = off["location_id"].value_counts()
    loc = data["locations"].set_index("location_id")
    for venue in truth["repeat_locations"]:
        here = off[off["location_id"] == venue["location_id"]]
        assert sorted(here["offence_id"]) == sorted(venue["offence_ids"])
        assert len(here) == venue["offence_count"]
        same_type = counts[counts.index.map(loc["venue_type"]) == venue["venue_type"]]
        assert len(here) >= 3 * same_type.median()
        days = pd.to_datetime(here["committed_from"]).dt.day_name()
        hours = here["committed_time"].str[:2].astype(int)
        assert days.mode().iloc[0] == venue["peak_weekday"]
        assert hours.mode().iloc[0] == venue["peak_hour"]


def test_planted_people_links(data: dict, truth: dict) -> None:
    links, victims = data["offence_subjects"], data["offence_victims"]
    for group in truth["co_offending_groups"]:
        assert 3 <= len(group["subject_ids"]) <= 5
        for oid in group["offence_ids"]:
            named = set(links.loc[links["offence_id"] == oid, "subject_id"])
            assert set(group["subject_ids"]) <= named
    assert truth["shared_victims"][0]["description"] == "3 subjects sharing one victim"
    for sv in truth["shared_victims"]:
        offs = set(victims.loc[victims["victim_id"] == sv["victim_id"], "offence_id"])
        assert set(sv["offence_ids"]) <= offs
        named = set(links.loc[links["offence_id"].isin(offs), "subject_id"])
        assert set(sv["subject_ids"]) <= named
    ident = data["identifiers"]
    shared = ident.groupby(["kind", "value"])["subject_id"].nunique()
    shared = {k for k, n in shared.items() if n > 1}
    listed = {(s["kind"], s["value"]) for s in truth["shared_identifiers"]}
    listed |= {(d["shared"]["kind"], d["shared"]["value"]) for d in truth["duplicate_persons"]}
    assert shared == listed  # every shared identifier in the data was planted
    for s in truth["shared_identifiers"]:
        ids = set(s["subject_ids"])
        holders = set(ident.loc[ident["value"] == s["value"], "subject_id"])
        assert holders == ids
        # "linked only by the identifier": no common offence and no association
        offs = links[links["subject_id"].isin(ids)].groupby("offence_id")["subject_id"].nunique()
        assert (offs < 2).all()
        assoc = data["associations"]
        assert not (assoc["subject_id"].isin(ids) & assoc["other_subject_id"].isin(ids)).any()
    people = data["subjects"].set_index("subject_id")
    for d in truth["duplicate_persons"]:
        a, b = (people.loc[s] for s in d["subject_ids"])
        assert b["pnc_id"] == ""  # the second record is a local one, not yet on the PNC
        if d["variant"] == "swapped":
            assert (a["forename"], a["surname"]) == (b["surname"], b["forename"])
            assert a["dob"] == b["dob"]
        elif d["variant"] == "year_typo":
            assert (a["forename"], a["surname"]) == (b["forename"], b["surname"])
            assert abs(int(a["dob"][:4]) - int(b["dob"][:4])) == 1
        elif d["variant"] == "nickname":
            assert a["surname"] == b["surname"] and a["forename"] != b["forename"]
            assert f"{a['forename']} {a['surname']}" in b["aliases"].split(";")
            assert a["dob"][:8] == b["dob"][:8] and a["dob"] != b["dob"]
        else:
            assert (a["forename"], a["surname"]) != (b["forename"], b["surname"])
            assert a["dob"] != b["dob"] and sorted(a["dob"][5:].split("-")) == sorted(
                b["dob"][5:].split("-")
            )
        assert [f"{p['forename']} {p['surname']}" for p in (a, b)] == d["names"]
    intel = data["intelligence"].set_index("intel_id")
    for e in (e for e in truth["escalations"]["planted"] if "location_id" in e):
        rows = intel.loc[e["intel_ids"]]
        assert (rows["subject_id"] == e["subject_id"]).all()
        assert (rows["location_id"] == e["location_id"]).all()
        off = data["offences"].set_index("offence_id").loc[e["offence_ids"][0]]
        assert off["location_id"] == e["location_id"]
        assert off["reported_on"] > rows["reported_on"].max()


def test_names_and_places_are_fictional(data: dict, truth: dict) -> None:
    from ingest.synth import vocab

    surnames = set(vocab.SURNAMES)
    # A duplicate planted with forename and surname swapped carries a fictional forename.
    swapped = {d["subject_ids"][1] for d in truth["duplicate_persons"] if d["variant"] == "swapped"}
    people = data["subjects"]
    assert (
        people.loc[~people["subject_id"].isin(swapped), "surname"]
        .map(
            lambda s: (
                s in surnames
                or re.sub(r"(.)\1", r"\1", s) in surnames
                or s[:-3] + "ton" in surnames
                or s[:-2] + "ley" in surnames
            )
        )
        .all()
    )
    assert data["identifiers"].query("kind == 'email'")["value"].str.endswith("@example.com").all()
    assert data["identifiers"].query("kind == 'phone'")["value"].str.startswith("07700 ").all()


def test_cli_prints_a_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        command, ["--profile", "demo", "--seed", "5", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"15 files, [\d,]+ rows.* s -> ", result.output)  # 14 CSVs and truth.json
    assert truth_of(tmp_path)["seed"] == 5
    bad = CliRunner().invoke(command, ["--out", str(tmp_path), "--as-of", "01/11/2026"])
    assert bad.exit_code != 0


def test_cli_accepts_today(tmp_path: Path) -> None:
    result = CliRunner().invoke(command, ["--out", str(tmp_path), "--as-of", "today"])
    assert result.exit_code == 0, result.output
    assert truth_of(tmp_path)["as_of"] == pd.Timestamp.today().date().isoformat()


@pytest.mark.slow
def test_force_profile_volume_and_tiers(tmp_path: Path) -> None:
    summary = generate(tmp_path, profile="force", seed=1)
    truth = truth_of(tmp_path)
    assert 250_000 <= truth["counts"]["offences.csv"] <= 350_000
    data = load(tmp_path)
    _check_tiers(data, truth)
    assert (len(truth["tier1"]), len(truth["tier2"])) == (60, 120)
    assert summary.seconds < 60
