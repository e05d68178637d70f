"""The Operation Ratify truth table: named edge cases, each a subject with its own offences.

All cases are judged on one as-of date, 2026-06-30; 18 calendar months earlier is 2024-12-30.
The folder is loaded once through the canonical ingest; each test reads one subject.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from graph.tiers import rules as rules_mod
from graph.tiers.trawl import explain_subject, trawl
from ingest.pipeline import run_ingest
from tests.conftest import wipe
from tests.scenarios import write_folder

pytestmark = pytest.mark.neo4j

AS_OF = dt.date(2026, 6, 30)
WINDOW_START = "2024-12-30"
RECENT = "2026-01-15"
OLD = "2020-03-01"


@dataclass
class Case:
    """One subject: offences as (ho_code, reported_on, role) plus custody periods."""

    name: str
    tier: int | None
    offences: list[tuple[str, str, str]]
    custody: list[tuple[str, str]] = field(default_factory=list)
    in_custody: bool = False
    count: int | None = None

    @property
    def subject_id(self) -> str:
        return "S-" + self.name


def sexual(n: int, reported: str = OLD, code: str = "20A") -> list[tuple[str, str, str]]:
    return [(code, reported, "suspect")] * n


RAPE_RECENT = [("19C", RECENT, "suspect")]

CASES = [
    Case("tier1_exactly_six_with_one_rape", 1, RAPE_RECENT + sexual(5)),
    Case("five_with_a_rape_is_tier2_not_tier1", 2, RAPE_RECENT + sexual(4)),
    Case("tier2_exactly_four", 2, RAPE_RECENT + sexual(3)),
    Case("three_with_a_rape_is_one_short", None, RAPE_RECENT + sexual(2)),
    Case("six_sexual_no_rape", None, sexual(5, RECENT) + [("20A", RECENT, "suspect")]),
    Case("rapes_only", 1, [("19D", RECENT, "suspect")] + sexual(5, OLD, "19C")),
    Case("male_victim_rape_codes_count", 2, [("19F", RECENT, "suspect")] + sexual(3, OLD, "19H")),
    Case("last_report_exactly_18_months_before", 1, [("19C", WINDOW_START, "suspect")] + sexual(5)),
    Case(
        "last_report_one_day_before_the_window",
        None,
        [("19C", "2024-12-29", "suspect")] + sexual(5),
    ),
    Case("recency_from_report_not_commission", 1, [("19C", RECENT, "suspect")] + sexual(5)),
    Case(
        "in_custody_meets_tier1_is_tier2",
        2,
        RAPE_RECENT + sexual(5),
        [("2026-02-01", "")],
        in_custody=True,
    ),
    Case("released_before_as_of", 1, RAPE_RECENT + sexual(5), [("2025-01-01", "2026-03-01")]),
    Case("released_on_the_as_of_date", 1, RAPE_RECENT + sexual(5), [("2025-01-01", "2026-06-30")]),
    Case(
        "released_the_day_after",
        2,
        RAPE_RECENT + sexual(5),
        [("2025-01-01", "2026-07-01")],
        in_custody=True,
    ),
    Case(
        "custody_starts_on_the_as_of_date",
        2,
        RAPE_RECENT + sexual(5),
        [("2026-06-30", "")],
        in_custody=True,
    ),
    Case("custody_starts_the_day_after", 1, RAPE_RECENT + sexual(5), [("2026-07-01", "")]),
    Case(
        "second_custody_period_current",
        2,
        RAPE_RECENT + sexual(5),
        [("2019-01-01", "2019-06-01"), ("2026-05-01", "")],
        in_custody=True,
    ),
    Case(
        "tier2_in_custody_stays_tier2",
        2,
        RAPE_RECENT + sexual(3),
        [("2026-02-01", "")],
        in_custody=True,
    ),
    Case(
        "role_other_does_not_count",
        2,
        RAPE_RECENT + sexual(3) + [("20A", OLD, "other"), ("20A", OLD, "other")],
        count=4,
    ),
    Case("offender_role_counts", 1, RAPE_RECENT + [("20A", OLD, "offender")] * 5),
    Case(
        "reported_after_as_of_does_not_count",
        2,
        RAPE_RECENT + sexual(4) + [("20A", "2026-07-01", "suspect")],
        count=5,
    ),
    Case(
        "only_recent_report_after_as_of",
        None,
        [("19C", OLD, "suspect")] + sexual(4) + [("20A", "2026-07-02", "suspect")],
    ),
    Case(
        "non_sexual_offences_give_no_recency",
        None,
        [("19C", OLD, "suspect")] + sexual(5) + [("8Q", RECENT, "suspect")],
    ),
    Case(
        "non_sexual_offences_are_not_counted",
        None,
        RAPE_RECENT + sexual(2) + [("8N", RECENT, "suspect"), ("8L", RECENT, "suspect")],
    ),
    Case("old_rape_recent_other_sexual", 1, [("19C", OLD, "suspect")] + sexual(5, RECENT)),
    Case(
        "unclassified_codes_do_not_count",
        2,
        RAPE_RECENT + sexual(3) + [("ZZ9", RECENT, "suspect")] * 2,
        count=4,
    ),
    Case("lower_case_code_with_spaces_is_normalised", 2, [("19c ", RECENT, "suspect")] + sexual(3)),
]


def _rows() -> dict[str, list[dict]]:
    subjects, offences, links, custody = [], [], [], []
    for case in CASES:
        subjects.append(
            {
                "subject_id": case.subject_id,
                "forename": "Case",
                "surname": case.name.replace("_", " "),
            }
        )
        for i, (code, reported, role) in enumerate(case.offences):
            oid = f"O-{case.name}-{i}"
            offences.append(
                {
                    "offence_id": oid,
                    "ho_code": code,
                    "committed_from": "2019-01-01",
                    "reported_on": reported,
                    "domestic": "false",
                }
            )
            links.append({"offence_id": oid, "subject_id": case.subject_id, "role": role})
        for start, end in case.custody:
            custody.append({"subject_id": case.subject_id, "start_date": start, "end_date": end})
    # The same offence named twice for one subject: as suspect and as offender (two rows).
    subjects.append({"subject_id": "S-duplicated_links", "forename": "Case", "surname": "dup"})
    for i, code in enumerate(["19C", "20A", "20A", "20A", "20A"]):
        oid = f"O-dup-{i}"
        offences.append(
            {
                "offence_id": oid,
                "ho_code": code,
                "committed_from": "2019-01-01",
                "reported_on": RECENT,
                "domestic": "false",
            }
        )
        links.append({"offence_id": oid, "subject_id": "S-duplicated_links", "role": "suspect"})
        links.append({"offence_id": oid, "subject_id": "S-duplicated_links", "role": "offender"})
    # Co-named offences count for both subjects.
    for sid in ("S-co_named_a", "S-co_named_b"):
        subjects.append({"subject_id": sid, "forename": "Case", "surname": sid})
    for i, code in enumerate(["19C", "20A", "20A", "20A"]):
        oid = f"O-co-{i}"
        offences.append(
            {
                "offence_id": oid,
                "ho_code": code,
                "committed_from": "2019-01-01",
                "reported_on": RECENT,
                "domestic": "false",
            }
        )
        links += [
            {"offence_id": oid, "subject_id": s, "role": "suspect"}
            for s in ("S-co_named_a", "S-co_named_b")
        ]
    return {
        "subjects": subjects,
        "offences": offences,
        "offence_subjects": links,
        "custody": custody,
    }


@pytest.fixture(scope="module")
def loaded(session_db, tmp_path_factory):
    wipe(session_db)
    folder = write_folder(tmp_path_factory.mktemp("tiers") / "export", **_rows())
    summary = run_ingest(folder, db=session_db, quarantine_dir=folder.parent / "q")
    assert summary["totals"]["quarantined"] == 0
    return session_db


@pytest.fixture(scope="module")
def results(loaded):
    return {a.subject_id: a for a in trawl(loaded, AS_OF)}


def test_the_truth_table_has_at_least_25_named_cases():
    assert len(CASES) + 2 >= 25


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_case_gets_its_tier(results, loaded, case):
    got = results.get(case.subject_id)
    assert (got.tier if got else None) == case.tier
    explained = explain_subject(loaded, case.subject_id, AS_OF)
    assert explained.tier == case.tier  # the list and the explanation agree
    assert explained.in_custody == case.in_custody
    if case.count is not None:
        assert explained.sexual_offence_count == case.count


def test_the_same_offence_named_twice_counts_once(results):
    a = results["S-duplicated_links"]
    assert (a.tier, a.sexual_offence_count, a.rape_count) == (2, 5, 1)
    assert len(a.evidence) == len(set(a.evidence)) == 5


def test_co_named_offences_count_for_both_subjects(results):
    a, b = results["S-co_named_a"], results["S-co_named_b"]
    assert a.tier == b.tier == 2
    assert a.evidence == b.evidence == [f"O-co-{i}" for i in range(4)]


def test_every_result_names_its_rule_set_and_evidence(results):
    version = rules_mod.load().version
    for a in results.values():
        assert a.rule_set == version
        assert len(a.evidence) == a.sexual_offence_count
        assert set(a.rape_evidence) <= set(a.evidence)


def test_the_json_shape_outside_checks_rely_on(results):
    row = results["S-tier1_exactly_six_with_one_rape"].as_json()
    assert {
        "subject_id",
        "tier",
        "sexual_offence_count",
        "rape_count",
        "last_reported_on",
        "in_custody",
        "evidence",
        "rule_set",
    } <= set(row)
    assert row["last_reported_on"] == RECENT and row["in_custody"] is False
    assert row["tier"] == 1 and row["rule_set"] == "ratify-1.0"


def test_near_misses_say_what_would_change_the_tier(loaded):
    short = explain_subject(loaded, "S-three_with_a_rape_is_one_short", AS_OF)
    assert "one more sexual offence makes Tier 2" in short.near_misses
    custody = explain_subject(loaded, "S-in_custody_meets_tier1_is_tier2", AS_OF)
    assert any(
        n.startswith("meets Tier 1 but in custody with no release date")
        for n in custody.near_misses
    )
    released = explain_subject(loaded, "S-released_the_day_after", AS_OF)
    assert any("in custody until 2026-07-01" in n for n in released.near_misses)
    tier2 = explain_subject(loaded, "S-tier2_exactly_four", AS_OF)
    assert "recency lapses on 2027-07-16 unless a new offence is reported" in tier2.near_misses
    stale = explain_subject(loaded, "S-last_report_one_day_before_the_window", AS_OF)
    assert any("recency lapsed on 2026-06-30" in n for n in stale.near_misses)
    no_rape = explain_subject(loaded, "S-six_sexual_no_rape", AS_OF)
    assert "meets Tier 1's count but has no rape among the offences" in no_rape.near_misses
    later = explain_subject(loaded, "S-reported_after_as_of_does_not_count", AS_OF)
    assert "not counted: 1 reported after the as-of date" in later.near_misses


def test_criteria_name_the_offences_behind_them(loaded):
    a = explain_subject(loaded, "S-role_other_does_not_count", AS_OF)
    counted = next(c for c in a.criteria if c.tier == 2 and c.name == "sexual offences")
    assert counted.met and len(counted.offences) == 4
    recency = next(c for c in a.criteria if c.tier == 2 and c.name == "recency")
    assert recency.offences == ["O-role_other_does_not_count-0"]


def test_the_trawl_is_replayable_on_an_earlier_date(loaded):
    # On 2025-12-31 the recent rape (reported 2026-01-15) does not exist yet.
    earlier = {a.subject_id: a for a in trawl(loaded, dt.date(2025, 12, 31))}
    assert "S-tier1_exactly_six_with_one_rape" not in earlier
    assert "S-old_rape_recent_other_sexual" not in earlier
    # Reported 2024-12-30, inside the window that starts 2024-06-30.
    assert earlier["S-last_report_exactly_18_months_before"].tier == 1
