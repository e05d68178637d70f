"""Invariants an analyst would notice at once in the synthetic force, checked over the CSVs.

1. Every offence's MO note belongs to the vocabulary of its MO group (the category refined by
   the code), its venue (venue type, or the kind of platform) and its domestic flag, and
   passes plain keyword rules written here (an online offence on no dance floor, a home
   reached through no app, no partner on a stranger offence, nobody gendered or named).
2. No offence is committed inside the custody of any subject named on it, in any role
   (start <= committed_from and (no end or committed_from < end)), unless its MO note says it
   happened in custody (none is planted so).
3. The tier truth still holds (tests/test_synth.py's independent rules).

Pure pandas over the written files, for the demo and (slow) the force profile at seed 1.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ingest.synth import generate, mo
from tests.test_synth import CLASSIFICATION, _check_tiers, load, truth_of

# Words a note must not use at a venue type (whole words, case-insensitive).
FORBIDDEN_AT = {
    "online": r"\b(?:dance floor|bar|pub|street|footpath|venue|station|classroom|car park|"
    r"toilets|waiting area|ward|vehicle)\b",
    "residential": r"\b(?:app|online|platform|forum|dance floor|venue|classroom|waiting area|"
    r"passengers)\b",
}
FORBIDDEN_PHYSICAL = r"\b(?:app|platform|forum|by email)\b"  # any venue but online
GENDERED = r"\b(?:he|she|his|her|him|hers|himself|herself)\b"
IN_CUSTODY_NOTE = r"\b(?:HMP|HMYOI|in custody|in prison|fellow prisoner)\b"
DOMESTIC_ONLY = r"\bpartner\b|^Family member;"
STRANGER_ONLY = r"^(?:Neighbour|Family friend|Fellow student|Colleague|Older pupil|Visitor)\b"


def offences_with_context(data: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Offences with their classification row, venue type and location name."""
    cls = pd.read_csv(CLASSIFICATION, dtype=str, keep_default_na=False)
    loc = data["locations"][["location_id", "venue_type", "name"]]
    off = data["offences"].merge(cls[["ho_code", "description", "category"]], on="ho_code",
                                 how="left", validate="many_to_one")
    return off.merge(loc, on="location_id", how="left", validate="many_to_one")


def check_notes(data: dict[str, pd.DataFrame]) -> None:
    off = offences_with_context(data)
    assert off["category"].notna().all() and off["venue_type"].notna().all()
    rows = off[["ho_code", "description", "category"]].drop_duplicates()
    group = {r.ho_code: mo.group_of(r.description, r.category) for r in rows.itertuples()}
    places = off[["venue_type", "name"]].drop_duplicates()
    key = {(r.venue_type, r.name): mo.venue_key(r.venue_type, r.name)
           for r in places.itertuples()}
    off = off.assign(
        group=off["ho_code"].map(group),
        key=[key[p] for p in zip(off["venue_type"], off["name"], strict=True)],
        dom=off["domestic"].eq("true"),
    )
    allowed = pd.DataFrame(
        [(g, k, d, note) for (g, k, d), notes in mo.vocabulary().items() for note in notes],
        columns=["group", "key", "dom", "mo_notes"],
    ).assign(ok=True)
    m = off.merge(allowed, on=["group", "key", "dom", "mo_notes"], how="left")
    bad = m[m["ok"].isna()]
    assert bad.empty, bad[["offence_id", "ho_code", "venue_type", "domestic", "mo_notes"]].head()

    notes = off["mo_notes"]
    for venue, words in FORBIDDEN_AT.items():
        here = notes[off["venue_type"] == venue]
        assert not here.str.contains(words, case=False).any(), here[
            here.str.contains(words, case=False)].head()
    physical = notes[off["venue_type"] != "online"]
    assert not physical.str.contains(FORBIDDEN_PHYSICAL, case=False).any()
    assert not notes.str.contains(GENDERED, case=False).any()
    rape = off["category"] == "rape"
    assert notes[rape].str.contains("raped", case=False).all()
    assert not notes[~rape].str.contains("rape", case=False).any()
    stranger = off["domestic"] == "false"
    assert not notes[stranger].str.contains(DOMESTIC_ONLY, case=False).any()
    assert not notes[~stranger].str.contains(STRANGER_ONLY).any()
    child = off["description"].str.contains(r"child|under 1", case=False)
    assert not notes[child].str.contains(r"^(?:Partner|Ex-partner|Colleague)\b|intoxicated").any()
    assert notes.nunique() >= 150  # a little variety, not a handful of stock phrases


def check_custody(data: dict[str, pd.DataFrame]) -> None:
    cust = data["custody"][["subject_id", "start_date", "end_date"]]
    off = data["offences"][["offence_id", "committed_from", "mo_notes"]]
    named = data["offence_subjects"][["offence_id", "subject_id", "role"]]
    m = named.merge(off, on="offence_id").merge(cust, on="subject_id")
    inside = (m["start_date"] <= m["committed_from"]) & (
        (m["end_date"] == "") | (m["committed_from"] < m["end_date"]))
    says_so = m["mo_notes"].str.contains(IN_CUSTODY_NOTE)
    assert not (inside & ~says_so).any(), m[inside & ~says_so].head()
    assert not data["offences"]["mo_notes"].str.contains(IN_CUSTODY_NOTE).any()  # none planted
    assert len(cust) and (cust["end_date"].eq("") | (cust["start_date"] < cust["end_date"])).all()


def check_all(folder: Path) -> None:
    data = load(folder)
    check_notes(data)
    check_custody(data)
    _check_tiers(data, truth_of(folder))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo_invariants")
    generate(out, profile="demo", seed=1)
    return out


def test_demo_notes_fit_and_nobody_offends_in_custody(demo: Path) -> None:
    check_all(demo)


def test_custody_boundary_cases_keep_their_recent_reports(demo: Path) -> None:
    """Offences of subjects in custody on as_of were committed before it, reported since."""
    data, truth = load(demo), truth_of(demo)
    links = data["offence_subjects"]
    off = data["offences"].set_index("offence_id")
    cust = data["custody"].set_index("subject_id")
    for case in truth["cases"]:
        if case["name"] not in ("in_custody_on_as_of", "custody_release_after_as_of",
                                "tier2_in_custody"):
            continue
        sid = case["subjects"][0]["subject_id"]
        mine = off.loc[links.loc[links["subject_id"] == sid, "offence_id"]]
        start = cust.loc[sid, "start_date"]
        assert (mine["committed_from"] < start).all(), case["name"]
        assert (mine["reported_on"] >= truth["recent_from"]).any(), case["name"]


def test_every_cell_has_notes_and_every_category_a_group() -> None:
    cls = pd.read_csv(CLASSIFICATION, dtype=str, keep_default_na=False)
    for r in cls.itertuples():
        assert mo.group_of(r.description, r.category), r.ho_code
    assert all(mo.vocabulary().values())
    assert mo.group_of("Sexual grooming", "other_sexual") == "grooming"
    assert mo.venue_key("online", "Online: Decoy Dating") == "online:dating"


@pytest.mark.slow
def test_force_notes_fit_and_nobody_offends_in_custody(tmp_path: Path) -> None:
    generate(tmp_path, profile="force", seed=1)
    check_all(tmp_path)
