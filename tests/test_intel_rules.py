"""Escalation rules at their boundaries, and the 3x5x2 grading parser (no database).

Named scenarios: one person's behaviour reports on given days after a first day; each test
says which flag a user would expect to see, or not see, on that day.
"""

from __future__ import annotations

import datetime as dt

import pytest

from graph.intelligence.grading import Grading, GradingError, parse_grading, reconcile
from graph.intelligence.rules import evaluate, load_rules, parse_rules
from graph.intelligence.taxonomy import TaxonomyError, load

DAY0 = dt.date(2025, 1, 10)
TAXONOMY = load()
RULES = load_rules()


def report(n: int, day: int, behaviour: str = "loitering", grade: str = "2BP",
           place: str = "L-BAR-1", venue: str = "night_time_economy") -> dict:
    return {"intel_id": f"INT-{n}", "subject_id": "S1", "date": DAY0 + dt.timedelta(days=day),
            "behaviour": behaviour, "source_grade": grade[0], "intel_grade": grade[1],
            "handling": grade[2], "location_id": place, "venue_type": venue}


def offence(day: int, role: str = "suspect") -> dict:
    return {"offence_id": "O-1", "subject_id": "S1", "date": DAY0 + dt.timedelta(days=day),
            "role": role, "ho_code": "20A"}


def rules_raised(reports, offences=(), as_of=dt.date(2027, 1, 1)) -> list[str]:
    flags = evaluate(list(reports), list(offences), as_of, RULES, TAXONOMY)
    return flags[0]["rules"] if flags else []


# --- repeat_behaviour: 3 reports within 90 days --------------------------------------------

def test_three_reports_with_the_third_on_day_90_are_repeat_behaviour():
    assert "repeat_behaviour" in rules_raised(
        [report(1, 0), report(2, 40), report(3, 90)])


def test_three_reports_with_the_third_on_day_91_are_not_repeat_behaviour():
    assert "repeat_behaviour" not in rules_raised(
        [report(1, 0), report(2, 40), report(3, 91)])


def test_a_later_run_of_three_inside_90_days_is_found_after_an_early_outlier():
    assert "repeat_behaviour" in rules_raised(
        [report(1, 0), report(2, 100), report(3, 150), report(4, 190)])


def test_repeat_behaviour_is_not_seen_before_the_third_report_is_dated():
    reports = [report(1, 0), report(2, 40), report(3, 90)]
    assert rules_raised(reports, as_of=DAY0 + dt.timedelta(days=89)) == []


# --- weak items: source 3 or intelligence E never raise a flag on their own -----------------

def test_a_grade_e_item_alone_raises_nothing():
    reports = [report(1, 0, grade="2EP"), report(2, 10, grade="2EP"),
               report(3, 20, "brushing_past", grade="1EC", place="L-BAR-2")]
    assert rules_raised(reports, [offence(30)]) == []


def test_source_3_reports_alone_raise_nothing():
    reports = [report(1, 0, grade="3AP"), report(2, 10, grade="3BP"), report(3, 20, grade="3CP")]
    assert rules_raised(reports) == []


def test_one_qualifying_report_lets_weak_ones_corroborate_it():
    flags = evaluate([report(1, 0, grade="3EP"), report(2, 10, grade="2EP"),
                      report(3, 20, grade="2BP")], [], dt.date(2027, 1, 1), RULES, TAXONOMY)
    assert flags[0]["rules"] == ["repeat_behaviour"]
    grades = {i["intel_id"]: i["source_grade"] + i["intel_grade"] for i in flags[0]["items"]}
    assert grades == {"INT-1": "3E", "INT-2": "2E", "INT-3": "2B"}  # every item, with grades


def test_an_ungraded_report_counts_as_weak():
    reports = [{**report(n, n * 10), "source_grade": None, "intel_grade": None}
               for n in range(1, 4)]
    assert rules_raised(reports) == []


# --- contact_escalation ---------------------------------------------------------------------

def test_a_contact_behaviour_after_a_non_contact_one_is_contact_escalation():
    assert rules_raised([report(1, 0, "catcalling"), report(2, 200, "brushing_past")]) == [
        "contact_escalation"]


def test_contact_first_then_non_contact_is_not_escalation():
    assert rules_raised([report(1, 0, "suspected_spiking"), report(2, 200, "loitering")]) == []


# --- multiple_nte_venues ----------------------------------------------------------------------

def test_two_nte_venues_30_days_apart_are_flagged_and_31_are_not():
    near = [report(1, 0, place="L-BAR-1"), report(2, 30, place="L-BAR-2")]
    far = [report(1, 0, place="L-BAR-1"), report(2, 31, place="L-BAR-2")]
    assert rules_raised(near) == ["multiple_nte_venues"]
    assert rules_raised(far) == []


def test_the_same_venue_twice_or_a_station_is_not_two_nte_venues():
    same = [report(1, 0, place="L-BAR-1"), report(2, 5, place="L-BAR-1")]
    station = [report(1, 0), report(2, 5, place="L-STN", venue="transport_hub")]
    assert rules_raised(same) == [] and rules_raised(station) == []


# --- escalated_to_offending ---------------------------------------------------------------------

def test_a_sexual_offence_on_day_365_after_a_report_is_escalation_to_offending():
    flags = evaluate([report(1, 0)], [offence(365)], dt.date(2027, 1, 1), RULES, TAXONOMY)
    assert flags[0]["rules"] == ["escalated_to_offending"]
    assert [i.get("intel_id") or i.get("offence_id") for i in flags[0]["items"]] == [
        "INT-1", "O-1"]


def test_a_sexual_offence_on_day_366_after_a_report_is_not():
    assert rules_raised([report(1, 0)], [offence(366)]) == []


def test_an_offence_before_the_report_or_as_a_witness_is_not_escalation():
    assert rules_raised([report(1, 10)], [offence(5)]) == []
    assert rules_raised([report(1, 0)], [offence(30, role="other")]) == []


def test_an_offence_after_a_grade_e_report_alone_is_not_escalation():
    assert rules_raised([report(1, 0, grade="1EP")], [offence(30)]) == []


# --- configuration ----------------------------------------------------------------------------

def test_a_force_may_narrow_a_window_in_its_rules_file():
    narrow = parse_rules({"rules": {"repeat_behaviour": {"min_reports": 3, "within_days": 60}}})
    reports = [report(1, 0), report(2, 40), report(3, 61)]
    assert evaluate(reports, [], dt.date(2027, 1, 1), narrow, TAXONOMY) == []


def test_an_unknown_rule_name_is_refused():
    with pytest.raises(ValueError, match="unknown escalation rules"):
        parse_rules({"rules": {"repeat_behavior": {}}})


def test_the_taxonomy_holds_the_fixed_codes_with_contact_flags():
    contact = {c for c, b in TAXONOMY.behaviours.items() if b.contact}
    assert contact == {"brushing_past", "suspected_spiking"}
    assert {b.category for b in TAXONOMY.behaviours.values()} == {
        "sexualised", "predatory", "spiking"}
    with pytest.raises(TaxonomyError):
        TAXONOMY.code("juggling")


# --- the grading parser ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["2B P", "2bp", "2 B P", "2/B/P", " 2-b-p ", "2B  p"])
def test_the_grading_parser_reads_every_spelling_of_2BP(text):
    assert parse_grading(text) == Grading("2", "B", "P")


@pytest.mark.parametrize("text", ["4B P", "2F P", "2B X", "2B", "BP2", "22BP"])
def test_the_grading_parser_refuses_what_is_not_3x5x2(text):
    with pytest.raises(GradingError, match="not 3x5x2"):
        parse_grading(text)


def test_a_grading_and_columns_that_disagree_are_refused_and_agreeing_ones_read():
    assert reconcile("2B P", "2", "b", "p") == Grading("2", "B", "P")
    with pytest.raises(GradingError, match="intel_grade C disagrees"):
        reconcile("2B P", "", "C", "")
    with pytest.raises(GradingError, match="handling 'X' is not one of P, C"):
        reconcile("", "2", "B", "X")
