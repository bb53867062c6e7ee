"""Demo cases in every workflow state, built through the services (`make run`).

Idempotent: each demo case has a fixed reference (C-DEMO-<STATE>) and is created
only when missing, so running the command again changes nothing.
"""

import datetime
import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cases import services
from cases.models import (
    Case,
    CaseDocument,
    ConsentRecord,
    Determination,
    InformalResolution,
    Party,
    SupportiveMeasure,
)
from cases.tests import factories
from idhr_portal import roles
from reports.models import Report

S = Case.Status

# Each demo case: (state, categories, respondent affiliation, how far it goes).
DEMO = [
    (S.NEW, ["bias_incident"], "student"),
    (S.OUTREACH, ["sexual_harassment"], "student"),
    (S.ASSESSMENT, ["discriminatory_harassment", "racist_conduct"], "employee"),
    (S.CLOSED_NO_ACTION, ["bias_incident"], "unknown"),
    (S.CLOSED_INFORMATION, ["discrimination"], "employee"),
    (S.SUPPORTIVE_MEASURES, ["stalking"], "student"),
    (S.INFORMAL_RESOLUTION, ["gender_based_harassment"], "student"),
    (S.INVESTIGATION, ["sexual_misconduct"], "student"),
    (S.DETERMINATION, ["sexual_harassment"], "employee"),
    (S.APPEAL_WINDOW, ["intimate_partner_violence"], "student"),
    (S.CLOSED, ["retaliation"], "employee"),
]
REPEAT_RESPONDENT = ("Jordan Example", "jordan.example@mit.invalid")


class Command(BaseCommand):
    help = "Create demo cases in every workflow state (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true", help="Run even with the production settings.")

    def handle(self, *args, allow_production, **options):
        # `make run` runs with DEBUG off (production-like pages): refuse on production only.
        module = getattr(settings, "SETTINGS_MODULE", None) or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module.endswith(".production") and not allow_production:
            raise CommandError("Demo cases are for development only (these are the production settings).")
        self.staff = {
            "coordinator": self._user("coordinator", roles.TITLE_IX_COORDINATOR),
            "manager": self._user("casemanager", roles.CASE_MANAGER),
            "investigator": self._user("investigator", roles.INVESTIGATOR),
        }
        created = 0
        for index, (state, categories, affiliation) in enumerate(DEMO):
            reference = f"C-DEMO-{index:02d}"
            if Case.objects.filter(reference=reference).exists():
                continue
            with transaction.atomic():
                self._build(reference, state, categories, affiliation, repeat=index in (2, 8))
            created += 1
        for n in range(2):  # reports still waiting in the intake queue
            ref = f"R-DEMOQ{n}"
            if not Report.objects.filter(reference=ref).exists():
                report = factories.ReportFactory(
                    reference=ref, categories=["bias_incident"], anonymous=n == 0
                )
                factories.ReportPartyFactory(report=report, affiliation="student")
        self.stdout.write(f"Demo cases: {created} created, {len(DEMO) - created} already there.")

    def _user(self, username, group):
        user = get_user_model().objects.filter(username=username).first()
        return user or factories.staff(group, username=username)

    def _build(self, reference, state, categories, affiliation, *, repeat):
        coordinator, manager, investigator = (
            self.staff[k] for k in ("coordinator", "manager", "investigator")
        )
        kind = (
            "complaint"
            if state in (S.INVESTIGATION, S.DETERMINATION, S.APPEAL_WINDOW, S.CLOSED)
            else "incident"
        )
        report = factories.ReportFactory(
            reference=reference.replace("C-DEMO-", "R-DEMO"), kind=kind, categories=categories
        )
        name, email = REPEAT_RESPONDENT if repeat else (None, None)
        party_kwargs = {"name": name, "email": email} if repeat else {}
        factories.ReportPartyFactory(report=report, affiliation=affiliation, **party_kwargs)
        if kind == "complaint":
            factories.formal_complaint_for(
                report, respondent_type="employee" if affiliation == "employee" else "student"
            )
        case = services.case_open_from_report(report=report, actor=manager)
        Case.objects.filter(pk=case.pk).update(reference=reference)
        case.refresh_from_db()
        services.case_update(
            case=_with(case, investigator=investigator), actor=coordinator, changed=["investigator"]
        )
        if state == S.NEW:
            return

        def move(to, reason=""):
            services.case_transition(case=case, to=to, actor=manager, reason=reason)

        move(S.OUTREACH)
        if state == S.OUTREACH:
            return
        move(S.ASSESSMENT)
        services.case_note_add(
            case=case, author=manager, body="Met the complainant; discussed options and resources."
        )
        complainant = case.parties.filter(role=Party.Role.COMPLAINANT).first()
        if state in (S.CLOSED_NO_ACTION, S.CLOSED_INFORMATION):
            move(state)
            return
        if state == S.ASSESSMENT:
            return
        today = timezone.localdate()
        services.supportive_measure_save(
            measure=SupportiveMeasure(
                case=case,
                party=complainant,
                kind="academic_support",
                requested_on=today,
                effective_on=today,
                details="Extensions on two problem sets.",
            ),
            actor=manager,
        )
        if state == S.SUPPORTIVE_MEASURES:
            move(S.SUPPORTIVE_MEASURES)
            return
        if state == S.INFORMAL_RESOLUTION:
            informal = services.informal_resolution_save(
                informal=InformalResolution(case=case, kind="facilitated_dialogue", started_on=today),
                actor=manager,
            )
            for party in case.parties.filter(role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]):
                services.consent_record_save(
                    consent=ConsentRecord(
                        informal_resolution=informal,
                        party=party,
                        consented_on=today,
                        in_writing=True,
                        voluntary=True,
                    ),
                    actor=manager,
                )
            move(S.INFORMAL_RESOLUTION)
            return
        move(S.INVESTIGATION)
        if state == S.INVESTIGATION:
            return
        services.case_document_add(
            case=case,
            kind=CaseDocument.Kind.INVESTIGATOR_REPORT,
            filename="final-report.txt",
            content_type="text/plain",
            data=b"Investigator's final report (demo).",
            actor=investigator,
        )
        services.case_transition(case=case, to=S.DETERMINATION, actor=investigator)
        if state == S.DETERMINATION:
            return
        determination = services.determination_record(
            case=case,
            outcome=Determination.Outcome.RESPONSIBLE,
            standard_of_evidence=Determination.Standard.PREPONDERANCE,
            actor=investigator,
        )
        respondent = case.parties.filter(role=Party.Role.RESPONDENT).first()
        services.sanction_add(
            determination=determination, party=respondent, kind="probation", actor=investigator
        )
        services.case_transition(case=case, to=S.APPEAL_WINDOW, actor=investigator)
        if state == S.APPEAL_WINDOW:
            return
        Determination.objects.filter(pk=determination.pk).update(
            appeal_deadline=today - datetime.timedelta(days=1)
        )  # the window has passed
        services.case_transition(case=case, to=S.CLOSED, actor=coordinator)


def _with(case, **changes):
    for key, value in changes.items():
        setattr(case, key, value)
    return case
