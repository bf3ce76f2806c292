"""Analysis on small hand-made programs, with exact expected numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from generator.analysis.benefits import analyse_benefit, expected_value
from generator.analysis.cost import budget_status
from generator.analysis.projects import project_status
from generator.analysis.report import analyse
from generator.analysis.schedule import milestone_status, rag_for
from generator.analysis.verdict import program_rating
from generator.content.model import (
    DEFAULT_TOLERANCES,
    RAID,
    Benefit,
    Budget,
    Decision,
    Finish,
    Governance,
    Issue,
    Measurement,
    Milestone,
    Program,
    Project,
    Risk,
    StatusReport,
    Thresholds,
)
from generator.look.formats import (
    measured,
    milestone_state,
    over_under,
    since_lines,
    state_text,
    tolerance_status,
    verdict_basis,
)

AS_OF = dt.date(2026, 6, 30)
D = dt.date.fromisoformat


def project(id="p", **kw) -> Project:
    base = dict(id=id, name=id.title(), manager="M", start=D("2026-01-01"),
                finish=Finish(baseline=D("2026-12-31"), forecast=D("2026-12-31")),
                tolerances=DEFAULT_TOLERANCES)
    return Project(**{**base, **kw})


def milestone(id, baseline, forecast=None, actual=None, depends_on=()) -> Milestone:
    return Milestone(id=id, name=id, baseline=D(baseline), forecast=D(forecast or baseline),
                     actual=D(actual) if actual else None, depends_on=tuple(depends_on))


def program(*projects, benefits=()) -> Program:
    return Program(name="P", objective="O", as_of=AS_OF, projects=tuple(projects),
                   benefits=tuple(benefits))


# Schedule --------------------------------------------------------------------

@pytest.mark.parametrize("m, state, variance, words", [
    (milestone("a", "2026-05-01", actual="2026-04-28"), "done", -3, "Done"),
    (milestone("a", "2026-05-01", actual="2026-05-01"), "done", 0, "Done"),
    (milestone("a", "2026-05-01", actual="2026-05-02"), "done-late", 1, "Done late"),
    (milestone("a", "2026-06-01", forecast="2026-06-29"), "overdue", 28, "Overdue by 1 day"),
    (milestone("a", "2026-06-01", forecast="2026-06-20"), "overdue", 19, "Overdue by 10 days"),
    (milestone("a", "2026-07-01", forecast="2026-06-30"), "due", -1, "Due today"),
    (milestone("a", "2026-07-01"), "due", 0, "Due tomorrow"),
    (milestone("a", "2026-07-10"), "due", 0, "Due in 10 days"),            # not "in 30 days"
    (milestone("a", "2026-07-30"), "due", 0, "Due in 30 days"),            # 30 days: still due
    (milestone("a", "2026-07-31"), "upcoming", 0, "Upcoming"),
])
def test_milestone_state_variance_and_its_words(m, state, variance, words):
    status = milestone_status(project(), m, AS_OF)
    assert (status.state, status.variance_days) == (state, variance)
    assert status.days_away == (status.date - AS_OF).days
    assert state_text(status.state, status.days_away) == words


@pytest.mark.parametrize("slip, rag", [(0, "green"), (10, "green"), (11, "amber"),
                                       (30, "amber"), (31, "red"), (-5, "green")])
def test_schedule_rag_is_within_tolerance_exactly_at_the_threshold(slip, rag):
    finish = Finish(baseline=D("2026-12-01"), forecast=D("2026-12-01") + dt.timedelta(days=slip))
    p = project_status(project(finish=finish), AS_OF)
    assert (p.finish_slip_days, p.schedule_rag) == (slip, rag)


def test_rag_without_thresholds_is_unknown():
    assert rag_for(50, None) is None and rag_for(None, Thresholds(amber=1, red=2)) is None
    assert rag_for(5, Thresholds(amber=10)) == "green" and rag_for(11, Thresholds(amber=10)) == "amber"


def test_on_time_share_counts_done_milestones_only():
    p = project_status(project(milestones=(
        milestone("a", "2026-02-01", actual="2026-02-01"),
        milestone("b", "2026-03-01", actual="2026-03-05"),
        milestone("c", "2026-04-01", actual="2026-03-30"),
        milestone("d", "2026-09-01"))), AS_OF)
    assert p.on_time_share == pytest.approx(2 / 3)
    assert project_status(project(milestones=(milestone("d", "2026-09-01"),)), AS_OF).on_time_share is None


# Cost ------------------------------------------------------------------------

def test_budget_variance_rag_and_earned_value():
    b = budget_status(Budget(baseline=1_000_000, forecast=1_100_000, actual=500_000,
                             planned_value=600_000, earned_value=450_000),
                      Thresholds(amber=5, red=10))
    assert b.variance == 100_000 and b.variance_pct == pytest.approx(10.0)
    assert b.rag == "amber"                      # exactly 10 % is not past red
    assert b.spi == pytest.approx(0.75) and b.cpi == pytest.approx(0.9)
    assert b.eac == pytest.approx(1_111_111.11, abs=0.01)
    assert b.vac == pytest.approx(-111_111.11, abs=0.01)


def test_budget_without_earned_value_or_baseline():
    b = budget_status(Budget(baseline=0, forecast=10), Thresholds(amber=5, red=10))
    assert b.variance == 10 and b.variance_pct is None and b.rag is None
    assert (b.spi, b.cpi, b.eac, b.vac) == (None, None, None, None)


# Declared vs derived, what moved, staleness ---------------------------------------

def report(date, **rag) -> StatusReport:
    return StatusReport(date=D(date), overall=rag.pop("overall", "green"), **rag)


def test_since_the_last_report_lists_what_happened_between_the_two_report_dates():
    raid = RAID(risks=(Risk(id="r-new", title="New", raised=D("2026-06-10")),
                       Risk(id="r-old", title="Old", raised=D("2026-05-01"),
                            status="closed", closed=D("2026-06-01"))),     # on the start date: not
                issues=(Issue(id="i-fixed", title="Fixed", raised=D("2026-04-01"),
                              status="closed", closed=D("2026-06-15")),))
    p = project_status(project(
        status_reports=(report("2026-06-01"), report("2026-06-15", schedule="amber")),
        milestones=(milestone("a", "2026-06-10", actual="2026-06-12"),
                    milestone("b", "2026-05-10", actual="2026-05-20"),
                    milestone("c", "2026-06-20", actual="2026-06-20")),   # after the newest report
        raid=raid), AS_OF)
    since = p.since
    assert (since.start, since.end) == (D("2026-06-01"), D("2026-06-15"))
    assert [m.milestone.id for m in since.done] == ["a"]
    assert [i.id for i in since.raised] == ["r-new"] and [i.id for i in since.closed] == ["i-fixed"]
    assert since_lines(p) == ["Done: a (12 Jun 2026)", "Raised: risk New (10 Jun 2026)",
                              "Closed: issue Fixed (15 Jun 2026)"]
    assert project_status(project(status_reports=(report("2026-06-01"),)), AS_OF).since is None


def test_every_rated_dimension_is_shown_against_its_tolerance():
    finish = Finish(baseline=D("2026-12-01"), forecast=D("2027-01-15"))     # +45 days
    p = project_status(project(finish=finish, budget=Budget(baseline=100, forecast=107),
                               status_reports=(report("2026-06-01", quality="amber"),)), AS_OF)
    rows = {d: (text, rag) for d, text, rag in tolerance_status(p)}
    assert list(rows) == ["Schedule", "Budget", "Scope", "Quality"]
    assert rows["Schedule"] == ("finish +45 days; amber past 10 days, red past 30 days", "red")
    assert rows["Budget"][1] == "amber" and "+7.0 %" in rows["Budget"][0]
    assert rows["Scope"] == ("not rated", None)
    assert rows["Quality"] == ("no tolerance: as the newest report rates it", "amber")


def test_declared_greener_than_derived_is_flagged():
    finish = Finish(baseline=D("2026-12-01"), forecast=D("2027-01-15"))  # 45 days: red
    p = project_status(project(finish=finish, status_reports=(
        report("2026-06-16", schedule="amber"), report("2026-06-30", schedule="amber-red"))), AS_OF)
    # Overall Green with a schedule 45 days late: the overall is Red by the tolerances too.
    assert [(m.dimension, m.declared, m.derived) for m in p.mismatches] == [
        ("overall", "green", "red"), ("schedule", "amber-red", "red")]
    assert (p.declared("overall"), p.rating) == ("green", "red")
    assert [(m.dimension, m.before, m.after, m.direction) for m in p.moves] == [
        ("schedule", "amber", "amber-red", "worse")]
    red = report("2026-06-30", schedule="red", overall="red")
    same = project_status(project(finish=finish, status_reports=(red,)), AS_OF)
    assert same.mismatches == () and same.moves == () and same.rating == "red"
    honest = report("2026-06-30", schedule="red", overall="amber-red")
    worse = project_status(project(finish=finish, status_reports=(honest,)), AS_OF)
    assert [(m.dimension, m.declared, m.derived) for m in worse.mismatches] == [
        ("overall", "amber-red", "red")]


@pytest.mark.parametrize("newest, closed, stale", [
    ("2026-06-09", False, False),   # exactly 21 days: not stale
    ("2026-06-08", False, True),
    ("2026-01-01", True, False),    # closed projects are never stale
    (None, False, True),            # no report at all
])
def test_stale_status(newest, closed, stale):
    reports = (report(newest),) if newest else ()
    kw = {"phase": "closed"} if closed else {}
    assert project_status(project(status_reports=reports, **kw), AS_OF).stale is stale


# Across projects --------------------------------------------------------------

def test_dependency_conflict_gap_and_no_conflict_on_the_same_day():
    a = project("a", milestones=(milestone("ready", "2026-08-01", forecast="2026-08-20"),))
    b = project("b", milestones=(
        milestone("go", "2026-08-10", depends_on=["a/ready"]),
        milestone("later", "2026-08-20", depends_on=["a/ready"]),
        milestone("after", "2026-09-01", depends_on=["a/ready"])))
    r = analyse(program(a, b))
    assert [(c.milestone.ref, c.depends_on.ref, c.gap_days) for c in r.conflicts] == [("b/go", "a/ready", 10)]
    assert r.conflicts_of("a") == r.conflicts_of("b") == r.conflicts
    assert len(r.dependencies) == 3
    # The go-live cannot happen on plan: its state says what holds it up.
    go, later = r.milestone("b/go"), r.milestone("b/later")
    assert r.blocker(go) is r.milestone("a/ready") and r.blocker(later) is None
    assert milestone_state(r, go) == "At risk: needs ready, forecast later"
    assert milestone_state(r, later) == "Upcoming"


def test_done_prerequisite_uses_its_actual_date():
    ready = milestone("ready", "2026-05-01", forecast="2026-09-01", actual="2026-05-03")
    a = project("a", milestones=(ready,))
    b = project("b", milestones=(milestone("go", "2026-05-02", actual="2026-05-02", depends_on=["a/ready"]),))
    assert [c.gap_days for c in analyse(program(a, b)).conflicts] == [1]


def test_decisions_overdue_first_then_by_date_and_risks_by_score():
    decisions = (Decision(id="later", title="L", needed_by=D("2026-08-01")),
                 Decision(id="undated", title="U"),
                 Decision(id="late", title="X", needed_by=D("2026-06-01")),
                 Decision(id="made", title="M", status="made", needed_by=D("2026-05-01")))
    risks = (Risk(id="small", title="s", probability=1, impact=2),
             Risk(id="big", title="b", probability=4, impact=5),
             Risk(id="gone", title="g", probability=5, impact=5, status="closed"),
             Risk(id="flagged", title="f", escalate=True))
    r = analyse(program(project(decisions=decisions, raid=RAID(risks=risks))))
    assert [(d.decision.id, d.overdue, d.days_left, d.overdue_days) for d in r.open_decisions] == [
        ("late", True, -29, 29), ("later", False, 32, 0), ("undated", False, None, 0)]
    assert [e.item.id for e in r.top_risks] == ["big", "small", "flagged"]
    assert [e.item.id for e in r.escalations] == ["flagged"]


def test_a_decision_needed_by_the_next_review_is_marked():
    decisions = (Decision(id="before", title="B", needed_by=D("2026-07-01")),
                 Decision(id="on", title="O", needed_by=D("2026-07-03")),
                 Decision(id="after", title="A", needed_by=D("2026-07-04")),
                 Decision(id="late", title="L", needed_by=D("2026-06-01")))
    board = replace(program(project(decisions=decisions)), governance=Governance(next_review=D("2026-07-03")))
    marked = {d.decision.id: (d.overdue, d.before_review) for d in analyse(board).open_decisions}
    assert marked == {"late": (True, False), "before": (False, True), "on": (False, True),
                      "after": (False, False)}
    assert not any(d.before_review for d in analyse(program(project(decisions=decisions))).open_decisions)


@pytest.mark.parametrize("ratings, rating", [
    ([], None),
    (["green"] * 4, "green"),
    (["green", "amber"], "amber-green"),              # mean 1: Amber/green
    (["green", "amber-green"], "amber-green"),        # mean 0.5: half rounds towards red
    (["green"] * 9 + ["red"], "amber"),               # a red project: never better than Amber
    (["red", "red", "green"], "amber-red"),           # mean 2.67
    (["red", "amber-red"], "red"),                    # mean 3.5
])
def test_the_program_rating_rule(ratings, rating):
    assert program_rating(ratings) == rating


def test_the_verdict_counts_active_projects_by_the_rating_to_act_on():
    late = Finish(baseline=D("2026-06-01"), forecast=D("2026-08-01"))     # 61 days: red
    projects = (project("honest", status_reports=(report("2026-06-20", overall="amber"),
                                                   report("2026-06-29", overall="red")), finish=late),
                project("rosy", status_reports=(report("2026-06-29"),), finish=late),
                project("quiet"),
                project("old", status_reports=(report("2026-03-01"),)),
                project("shut", status_reports=(report("2026-06-29", overall="red"),), phase="closed"))
    r = analyse(program(*projects))
    v = r.verdict
    assert (v.counts, v.unrated, v.worse, v.better, v.disagree, v.stale) == (
        (("green", 1), ("red", 2)), 1, 1, 0, 1, 1)
    assert v.rating == "amber-red"                                 # mean 2.67 of green, red, red
    assert [p.id for p in r.mismatched] == ["rosy"]
    assert {p.id for p in r.unguarded} == {"honest", "rosy"}      # red schedule, no live risk
    assert verdict_basis(v) == ("From 3 active projects: 2 Red, 1 Green. 1 project has no status "
                                "report yet. Since their previous reports 1 is worse, none better. "
                                "1 declares greener than its tolerances; 1 report is stale.")


def test_budget_rollup_over_projects_with_a_budget():
    r = analyse(program(project("a", budget=Budget(baseline=100, forecast=120, actual=50)),
                        project("b", budget=Budget(baseline=300, forecast=300)),
                        project("c")))
    assert (r.budget.baseline, r.budget.forecast, r.budget.actual, r.budget.variance) == (400, 420, 50, 20)
    assert r.budget.variance_pct == pytest.approx(5.0) and r.budget.projects == 2
    assert analyse(program(project("c"))).budget is None


# Benefits ----------------------------------------------------------------------

def benefit(**kw) -> Benefit:
    base = dict(id="b", name="B", direction="decrease",
                baseline=Measurement(date=D("2026-01-01"), value=100),
                target=Measurement(date=D("2026-12-31"), value=50))
    return Benefit(**{**base, **kw})


def test_expected_value_is_a_straight_line_or_the_profile():
    b = benefit()
    assert expected_value(b, D("2025-06-01")) == 100          # before the baseline
    assert expected_value(b, D("2026-07-02")) == pytest.approx(100 - 50 * 182 / 364)
    assert expected_value(b, D("2027-06-01")) == 50           # after the target
    profiled = benefit(profile=(Measurement(date=D("2026-07-01"), value=90),))
    assert expected_value(profiled, D("2026-07-01")) == 90
    assert expected_value(profiled, D("2026-10-01")) == pytest.approx(90 - 40 * 92 / 183)


@pytest.mark.parametrize("measured, status", [
    (None, "not-measured"), (80.0, "on-track"), (77.0, "ahead"), (84.0, "behind"),
    (82.5, "on-track"), (77.5, "on-track")])  # exactly at the tolerance is on track
def test_benefit_status_against_the_profile_with_a_five_point_tolerance(measured, status):
    # the profile expects 80 on the as-of date; 5 % of the 50-point distance is 2.5
    ms = (Measurement(date=AS_OF, value=measured),) if measured is not None else ()
    profile = (Measurement(date=AS_OF, value=80),)
    b = benefit(measurements=ms, profile=profile, annual_value=1000)
    s = analyse_benefit(b, program(), {})
    assert s.status == status
    if measured is not None:
        assert s.realised_share == pytest.approx((100 - measured) / 50)
        assert s.value_realised == pytest.approx(1000 * (100 - measured) / 50)


def test_a_benefit_is_shown_with_the_expectation_it_is_judged_by():
    profile = (Measurement(date=AS_OF, value=80),)
    seen = analyse_benefit(benefit(profile=profile, measurements=(
        Measurement(date=D("2026-03-01"), value=90),)), program(), {})
    assert seen.judged_on == D("2026-03-01")
    assert seen.judged_expected == seen.expected_at_latest != seen.expected
    unmeasured = analyse_benefit(benefit(profile=profile), program(), {})
    assert unmeasured.judged_on == AS_OF and unmeasured.judged_expected == unmeasured.expected == 80


def test_overspend_reads_the_same_way_in_every_figure():
    b = budget_status(Budget(baseline=1000, actual=500, forecast=1100, planned_value=600,
                             earned_value=400), None)
    assert b.variance == 100 and b.eac == pytest.approx(1250) and b.vac == pytest.approx(-250)
    assert b.eac_over == pytest.approx(250)             # the sign of variance: over is positive
    assert b.forecast_over_eac == pytest.approx(-150)
    assert [over_under(v, "EUR") for v in (b.variance, b.eac_over, b.forecast_over_eac, 0.2)] == [
        "€100 over", "€250 over", "€150 under", "on"]


@pytest.mark.parametrize("value, unit, shown", [
    (386_263.74, None, "386,264"), (12.72, "days", "12.7 days"), (6.7, "USD", "$6.70"),
    (40, "%", "40 %"), (0, "incidents", "0 incidents"), (-3.25, "cases", "−3.25 cases"),
    (1_234.5, "EUR", "€1,234"), (None, "days", "–")])
def test_a_benefit_figure_reads_with_its_unit_and_three_figures(value, unit, shown):
    assert measured(value, unit) == shown


def test_measurements_after_the_as_of_date_are_ignored_and_value_is_capped():
    b = benefit(measurements=(Measurement(date=D("2026-03-01"), value=40),
                              Measurement(date=D("2026-08-01"), value=10)), annual_value=500)
    s = analyse_benefit(b, program(), {})
    assert s.latest.value == 40 and s.realised_share == pytest.approx(1.2)
    assert s.value_realised == 500


def test_benefit_at_risk_from_a_red_or_late_enabling_project():
    red = project("red", status_reports=(report("2026-06-30", overall="red"),))
    late = project("late", finish=Finish(baseline=D("2026-12-01"), forecast=D("2027-02-01")))
    closed = project("closed", phase="closed", status_reports=(report("2026-06-30", overall="red"),))
    b = benefit(projects=("red", "late", "closed"))
    r = analyse(program(red, late, closed, benefits=(b,)))
    assert r.benefits[0].at_risk == ("Red is red", "Late finishes after the target date")
    assert analyse(program(red, benefits=(replace(b, projects=()),))).benefits[0].at_risk == ()


# Critical path, exposure ------------------------------------------------------------

def test_critical_path_follows_the_prerequisite_that_lands_last():
    a = project("a", milestones=(milestone("design", "2026-03-01"),
                                 milestone("build", "2026-06-01", depends_on=["a/design"])))
    b = project("b", milestones=(milestone("data", "2026-07-01", forecast="2026-08-01"),))
    c = project("c", milestones=(milestone("launch", "2026-09-01",
                                           depends_on=["a/build", "b/data"]),
                                 milestone("early", "2026-01-15")))
    r = analyse(program(a, b, c))
    assert [m.ref for m in r.critical_path] == ["b/data", "c/launch"]
    assert analyse(program(project("x"))).critical_path == ()


def test_late_milestones_expose_everything_downstream_that_is_open():
    a = project("a", milestones=(milestone("late", "2026-07-01", forecast="2026-07-20"),
                                 milestone("next", "2026-08-01", depends_on=["a/late"])))
    b = project("b", milestones=(milestone("uses", "2026-09-01", depends_on=["a/next"]),
                                 milestone("done", "2026-05-01", actual="2026-05-01", depends_on=["a/late"])))
    r = analyse(program(a, b))
    assert [(e.late.ref, [d.ref for d in e.downstream]) for e in r.exposures] == [
        ("a/late", ["a/next", "b/uses"])]
    assert r.exposures_of("b") == r.exposures and r.exposures_of("c") == ()


def test_milestone_without_a_forecast_is_on_plan(minimal_copy):
    """The loader gives a milestone without `forecast` its baseline."""
    from generator import load
    r = analyse(load(minimal_copy))
    without = [m for p in r.projects for m in p.milestones
               if "forecast" not in m.milestone.src.keys and m.milestone.actual is None]
    assert without, "the minimal site should have a milestone without a forecast"
    for m in without:
        assert m.milestone.forecast == m.milestone.baseline and m.variance_days == 0


# Resources and RAID gaps --------------------------------------------------------------

def test_team_load_counts_each_month_a_demand_touches():
    from generator.content.model import Demand, Team
    teams = (Team(id="int", name="Integration", capacity_fte=3), Team(id="ux", name="UX"))
    a = project("a", resources=(Demand(team="int", from_=D("2026-01-20"), to=D("2026-03-02"), fte=2),))
    b = project("b", resources=(Demand(team="int", from_=D("2026-03-01"), to=D("2026-03-31"), fte=1),
                                Demand(team="int", from_=D("2026-03-15"), to=D("2026-04-10"), fte=0.5),
                                Demand(team="ux", from_=D("2026-03-01"), to=D("2026-03-31"), fte=9)))
    r = analyse(replace(program(a, b), teams=teams))
    assert [(t.team.id, t.month, t.demand_fte, [p.id for p in t.projects]) for t in r.team_load] == [
        ("int", "2026-01", 2, ["a"]), ("int", "2026-02", 2, ["a"]),
        ("int", "2026-03", 3.5, ["a", "b"]), ("int", "2026-04", 0.5, ["b"]),
        ("ux", "2026-03", 9, ["b"])]
    # exactly at capacity is not over; a team without capacity is never over
    assert [(t.team.id, t.month) for t in r.overallocations] == [("int", "2026-03")]
    assert r.current_overallocations == ()  # March is before the as-of month (June)


def test_raid_gaps_count_live_items_only():
    from generator.content.model import Issue
    raid = RAID(risks=(Risk(id="r1", title="a", owner="O"),
                       Risk(id="r2", title="b", owner="O", response="Act"),
                       Risk(id="r3", title="c", status="closed")),
                issues=(Issue(id="i1", title="d"), Issue(id="i2", title="e", status="closed")))
    r = analyse(program(project(raid=raid)))
    assert [e.item.id for e in r.unowned] == ["i1"]
    assert [e.item.id for e in r.unanswered] == ["r1"]


def test_benefit_without_a_baseline_is_not_measured_but_still_has_an_expectation():
    b = benefit(baseline=None, measurements=(Measurement(date=D("2026-03-01"), value=70),),
                annual_value=100)
    s = analyse_benefit(b, program(), {})
    assert s.status == "not-measured" and s.realised_share is None and s.value_realised is None
    assert s.expected == 50 and s.latest.value == 70  # only the target: flat at it


def test_the_program_offices_own_report_stands_beside_the_derived_rating():
    late = Finish(baseline=D("2026-06-01"), forecast=D("2026-08-01"))     # 61 days: red
    projects = (project("late", status_reports=(report("2026-06-29", overall="red"),), finish=late),
                project("fine", status_reports=(report("2026-06-29"),)))
    reports = (report("2026-05-31", overall="green"), report("2026-06-15", overall="amber-green"))
    v = analyse(replace(program(*projects), status_reports=reports)).verdict
    assert v.declared == reports[-1] and v.previous == reports[0]
    assert v.trend == "worse" and v.declared_age_days == 15 and not v.declared_stale
    assert v.rating == "amber" and v.disagrees          # the projects rate worse than declared
    # a month later, with no new report, it is stale past the program's 21 days
    v = analyse(replace(program(*projects), status_reports=reports, as_of=D("2026-07-31"))).verdict
    assert v.declared_age_days == 46 and v.declared_stale
    # a better report turns the trend; one that agrees with the projects does not disagree
    v = analyse(replace(program(*projects), status_reports=(*reports, report("2026-06-30",
                                                                            overall="amber")))).verdict
    assert v.trend == "worse" and not v.disagrees
    v = analyse(replace(program(*projects), status_reports=(report("2026-06-01", overall="red"),
                                                            report("2026-06-30", overall="amber")))).verdict
    assert v.trend == "better"
    # without a report of its own, only the derived rating
    v = analyse(program(*projects)).verdict
    assert v.declared is None and v.trend is None and not v.disagrees
