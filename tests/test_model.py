"""The demo and the minimal site load into the model the docs describe."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import DEMO, MINIMAL
from generator import ContentError, load
from generator.content.model import Program


@pytest.fixture(scope="module")
def demo() -> Program:
    return load(DEMO)


def test_demo_program(demo):
    assert demo.id == "dcx"
    assert demo.name == "Digital Customer Experience"
    assert demo.as_of == dt.date(2026, 11, 15)
    assert [p.id for p in demo.projects] == sorted(p.id for p in demo.projects)
    assert len(demo.projects) == 6
    assert {t.id for t in demo.teams} == {"integration", "ux", "data-engineering", "change"}
    assert [p.id for p in demo.pages] == ["governance", "glossary"]  # by order
    assert demo.assets == ("governance.svg", "logo.svg")


def test_the_model_is_frozen(demo):
    with pytest.raises(dataclasses.FrozenInstanceError):
        demo.name = "Other"  # type: ignore[misc]
    assert isinstance(demo.projects, tuple)


def test_defaults_and_derived_values(demo):
    routing = demo.project("case-routing")
    assert routing.finish.forecast == routing.finish.baseline  # forecast defaults to baseline
    assert routing.milestone("national-rollout").forecast == dt.date(2027, 2, 26)
    # local dependencies are qualified with the project id
    assert demo.milestone("portal-redesign/beta").depends_on == (
        "portal-redesign/content-freeze", "identity-modernisation/sso-live")
    # status reports oldest first; the newest is the current status
    portal = demo.project("portal-redesign")
    assert [r.date for r in portal.status_reports] == sorted(r.date for r in portal.status_reports)
    assert portal.latest_status.overall == "amber"
    assert portal.latest_status.body.startswith("## What changed")
    assert portal.latest_status.body_line == 10
    # a closed project
    assert demo.project("telephony-upgrade").closed
    assert not portal.closed
    # the Python keyword `from` is read into from_
    assert portal.decisions[0].from_ == "steering board"


def test_tolerances_merge_program_then_project(demo):
    portal = demo.project("portal-redesign")
    assert (portal.tolerances.schedule_days.amber, portal.tolerances.schedule_days.red) == (5, 20)
    assert portal.tolerances.budget_pct.red == 10  # from the program
    assert portal.tolerances.status_stale_days == 21
    routing = demo.project("case-routing")
    assert routing.tolerances.schedule_days.amber == 10


def test_benefit_direction_is_inferred(demo):
    by_id = {b.id: b for b in demo.benefits}
    assert by_id["digital-self-service"].direction == "increase"  # 35 -> 70, not written
    assert by_id["fewer-account-takeovers"].direction == "decrease"  # 40 -> 10, not written
    assert by_id["training-productivity-dip"].kind == "dis-benefit"


def test_every_object_knows_where_it_came_from(demo):
    beta = demo.milestone("portal-redesign/beta")
    assert beta.src.loc.file.endswith("content/projects/portal-redesign/project.yaml")
    lines = (DEMO / "projects/portal-redesign/project.yaml").read_text().splitlines()
    assert lines[beta.src.loc.line - 1].strip() == "- id: beta"
    assert "identity-modernisation/sso-live" in lines[beta.src.at("depends_on[1]").line - 1]
    assert beta.src.path == "milestones[2]"
    report = demo.project("portal-redesign").latest_status
    assert report.src.loc.file.endswith("2026-11-15.md") and report.src.loc.line == 2


def test_as_of_defaults_to_newest_report(minimal_copy):
    text = (minimal_copy / "program.yaml").read_text().replace("as_of: 2026-06-30\n", "")
    (minimal_copy / "program.yaml").write_text(text)
    assert load(minimal_copy).as_of == dt.date(2026, 6, 30)


def test_content_error_carries_every_problem(minimal_copy):
    alpha = minimal_copy / "projects/alpha/project.yaml"
    alpha.write_text(alpha.read_text().replace("phase: delivery", "phase: deliver\npriority: 0"))
    with pytest.raises(ContentError) as info:
        load(minimal_copy)
    messages = [d.message for d in info.value.errors]
    assert messages == ["phase: 'deliver' is not allowed", "priority: 0 is out of range"]
    assert all(d.loc.line > 1 for d in info.value.errors)


def test_merge_keys_and_aliases_are_data(minimal_copy):
    beta = minimal_copy / "projects/beta/project.yaml"
    beta.write_text(beta.read_text() + "  - &base {id: b2, name: Second, baseline: 2026-06-01}\n"
                    "  - {<<: *base, id: b3, name: Third}\n")
    program = load(minimal_copy)
    third = program.milestone("beta/b3")
    assert third.baseline == dt.date(2026, 6, 1) and third.name == "Third"


def test_same_content_same_model():
    assert load(MINIMAL / "content") == load(MINIMAL / "content")


@pytest.mark.parametrize("written, value", [
    ("950000", 950000), ("0", 0), ("1_000", 1000), ("010", 8),  # YAML 1.1: octal
    ("0x10", 16), ("1.5e+3", 1500.0), ("2.5", 2.5)])
def test_numbers_read_as_yaml_1_1_writes_them(minimal_copy, written, value):
    alpha = minimal_copy / "projects/alpha/project.yaml"
    alpha.write_text(alpha.read_text() + f"budget:\n  baseline: {written}\n")
    assert load(minimal_copy).project("alpha").budget.baseline == value


@pytest.mark.parametrize("written", ["٣", "²", "1,000", "'12'"])
def test_digits_that_are_not_yaml_numbers_are_refused(minimal_copy, written):
    alpha = minimal_copy / "projects/alpha/project.yaml"
    alpha.write_text(alpha.read_text() + f"budget:\n  baseline: {written}\n")
    with pytest.raises(ContentError) as info:
        load(minimal_copy)
    assert [d.message for d in info.value.errors] == [
        f"budget.baseline: expected a number, got '{written.strip(chr(39))}'"]


def test_the_program_keeps_status_reports_of_its_own(minimal_copy):
    status = minimal_copy / "status"
    status.mkdir()
    (status / "2026-06-30.md").write_text("---\noverall: amber\nheadline: Holding\n---\n"
                                          "## What changed\n\nLittle.\n")
    (status / "2026-05-31.md").write_text("---\noverall: green\n---\n")
    program = load(minimal_copy)
    assert [r.date for r in program.status_reports] == [dt.date(2026, 5, 31), dt.date(2026, 6, 30)]
    assert program.latest_status.overall == "amber" and program.latest_status.headline == "Holding"
    assert program.latest_status.src.loc.file.endswith("status/2026-06-30.md")


def test_a_program_report_named_other_than_a_date_is_an_error_at_its_file(minimal_copy):
    (minimal_copy / "status").mkdir()
    (minimal_copy / "status" / "june.md").write_text("---\noverall: amber\n---\n")
    with pytest.raises(ContentError) as info:
        load(minimal_copy)
    [error] = info.value.errors
    assert error.loc.file.endswith("status/june.md") and "is not a date" in error.message
    assert "YYYY-MM-DD.md" in error.hint
