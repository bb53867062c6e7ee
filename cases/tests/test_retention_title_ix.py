"""Title IX records are kept seven years from the case's end, whatever RETENTION_YEARS says.

34 CFR 106.45(b)(10)(i): "A recipient must maintain for a period of seven years records of
(A) each sexual harassment investigation including any determination regarding
responsibility and any audio or audiovisual recording or transcript ..., any disciplinary
sanctions imposed on the respondent, and any remedies provided to the complainant ...;
(B) any appeal and the result therefrom; (C) any informal resolution and the result
therefrom; ..." and (ii) the supportive measures of each response.

Dates are literal: a case closed on 1 March 2019 at 10:00 UTC reaches seven years on
1 March 2026 at 10:00 UTC; 6 years and 364 days after closing is 28 February 2026.
"""

import datetime

import pytest
from django.utils import timezone

from cases import retention
from cases.models import (
    Allegation,
    Case,
    CaseDeadline,
    InformalResolution,
    Investigation,
    Letter,
    LetterTemplate,
    Party,
    SupportiveMeasure,
)

from . import factories

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
CLOSED_AT = datetime.datetime(2019, 3, 1, 10, 0, tzinfo=UTC)
SIX_YEARS_364_DAYS = datetime.datetime(2026, 2, 28, 10, 0, tzinfo=UTC)
SEVEN_YEARS = datetime.datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def one_year_everywhere(settings, tmp_path):
    """The office's settings as short as they can be: one year for every outcome."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    settings.RETENTION_YEARS = {key: 1 for key in settings.RETENTION_YEARS}


def _closed_case(manager, *, title_ix: bool) -> Case:
    case = factories.CaseFactory(
        case_manager=manager,
        title_ix_category=title_ix,
        ti_in_program_at_filing=title_ix,
        ti_in_institute_program=title_ix,
        ti_in_united_states=title_ix,
    )
    assert case.is_title_ix is title_ix
    factories.SupportiveMeasureFactory(case=case, created_by=manager)
    Investigation.objects.create(case=case, started_on=datetime.date(2018, 10, 1))
    InformalResolution.objects.create(
        case=case, kind=InformalResolution.Kind.MEDIATION, outcome=InformalResolution.Outcome.FAILED
    )
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, pathway=Case.Pathway.FORMAL_INVESTIGATION, closed_at=CLOSED_AT
    )
    return case


def _exists(case) -> bool:
    return Case.objects.filter(pk=case.pk).exists()


def test_a_title_ix_case_is_refused_at_6_years_364_days_and_purged_at_7_years(manager):
    case = _closed_case(manager, title_ix=True)

    result = retention.retention_purge(now=SIX_YEARS_364_DAYS)
    assert result.cases == 0
    assert _exists(case)
    assert Investigation.objects.filter(case=case).exists()
    assert SupportiveMeasure.objects.filter(case=case).exists()
    assert InformalResolution.objects.filter(case=case).exists()

    result = retention.retention_purge(now=SEVEN_YEARS)
    assert result.cases == 1
    assert not _exists(case)


def test_the_same_case_outside_title_ix_follows_the_one_year_setting(manager):
    case = _closed_case(manager, title_ix=False)
    retention.retention_purge(now=datetime.datetime(2020, 3, 2, 10, 0, tzinfo=UTC))
    assert not _exists(case)


def test_a_case_that_was_title_ix_and_was_dismissed_from_it_keeps_the_seven_years(manager):
    case = _closed_case(manager, title_ix=True)
    # Later found outside Title IX (e.g. dismissed on jurisdiction): the records stay Title IX records.
    case.refresh_from_db()
    case.ti_in_united_states = False
    case.save()
    assert not Case.objects.get(pk=case.pk).is_title_ix

    assert retention.retention_purge(now=SIX_YEARS_364_DAYS).cases == 0
    assert _exists(case)
    assert retention.retention_purge(now=SEVEN_YEARS).cases == 1
    assert not _exists(case)


def test_a_longer_setting_still_wins_over_the_seven_year_floor(manager, settings):
    settings.RETENTION_YEARS = {**settings.RETENTION_YEARS, "closed_formal_investigation": 10}
    case = _closed_case(manager, title_ix=True)
    assert retention.retention_purge(now=SEVEN_YEARS).cases == 0
    assert retention.retention_purge(now=datetime.datetime(2029, 3, 1, 10, 0, 1, tzinfo=UTC)).cases == 1
    assert not _exists(case)


def test_the_floor_applies_to_every_way_a_title_ix_case_is_closed(manager):
    cases = []
    for status in (Case.Status.CLOSED_NO_ACTION, Case.Status.CLOSED_INFORMATION):
        case = _closed_case(manager, title_ix=True)
        Case.objects.filter(pk=case.pk).update(status=status)
        cases.append(case)
    assert retention.expired_cases(now=SIX_YEARS_364_DAYS).filter(pk__in=[c.pk for c in cases]).count() == 0
    assert retention.expired_cases(now=SEVEN_YEARS).filter(pk__in=[c.pk for c in cases]).count() == 2


def test_a_dry_run_counts_the_same_refusal(manager):
    case = _closed_case(manager, title_ix=True)
    assert retention.retention_purge(now=SIX_YEARS_364_DAYS, dry_run=True).cases == 0
    assert retention.retention_purge(now=SEVEN_YEARS, dry_run=True).cases == 1
    assert _exists(case)
    assert timezone.is_aware(SEVEN_YEARS)


def test_at_seven_years_the_purge_takes_the_letters_allegations_and_deadlines_with_the_case(manager):
    case = _closed_case(manager, title_ix=True)
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    allegation = Allegation.objects.create(
        case=case, number=1, respondent=respondent, complainant=complainant, conduct="Conduct", added_by=manager
    )
    deadline = CaseDeadline.objects.create(
        case=case,
        kind=CaseDeadline.Kind.EVIDENCE_RESPONSE,
        label="Written response to the evidence",
        basis="34 CFR 106.45(b)(5)(vi)",
        start_event="Evidence sent",
        starts_on=datetime.date(2018, 11, 1),
        length_days=10,
        due_on=datetime.date(2018, 11, 11),
        for_whom="Respondent",
        party=respondent,
    )
    template = LetterTemplate.objects.create(kind=Letter.Kind.choices[0][0], version=900, title="T", body="B")
    letter = Letter.objects.create(
        case=case, kind=template.kind, template=template, recipient=respondent, html="<p>x</p>", prepared_by=manager
    )

    assert retention.retention_purge(now=SIX_YEARS_364_DAYS).cases == 0
    assert Letter.objects.filter(pk=letter.pk).exists()
    result = retention.retention_purge(now=SEVEN_YEARS)
    assert (result.cases, result.failures) == (1, 0)
    assert not Allegation.objects.filter(pk=allegation.pk).exists()
    assert not CaseDeadline.objects.filter(pk=deadline.pk).exists()
    assert not Letter.objects.filter(pk=letter.pk).exists()
    assert LetterTemplate.objects.filter(pk=template.pk).exists()  # the office's template stays


def test_a_case_taken_through_every_stage_of_the_process_is_purged_whole(settings, groups):
    """Every record of the formal process (letters, allegations, clocks, evidence review,
    report, hearing and rulings, meetings, findings, sanctions, appeals and their statements,
    dismissals) goes with its case once its time has come: none of them blocks the purge."""
    from django.core.management import call_command

    call_command("create_demo_cases")
    demo = Case.objects.filter(reference__startswith="C-DEMO")
    assert demo.count() > 10
    demo.update(status=Case.Status.CLOSED, closed_at=CLOSED_AT, legal_hold=False)
    retention.retention_purge(now=datetime.datetime(2027, 3, 1, 10, 0, tzinfo=UTC))
    assert not Case.objects.filter(reference__startswith="C-DEMO").exists()
    assert not Letter.objects.exists() and not Allegation.objects.exists()
