"""Parties of a case: blind indexes, the repeat-respondent check, the process track."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.selectors.respondents import respondent_match_q
from idhr_portal.crypto import blind_index

from ..models import Case, Party, ProcessTrack, TimelineEvent
from .audit import audited, ensure_editable, timeline_event


@audited
def party_save(*, party: Party, actor) -> Party:
    """Create or update a party: blind indexes, process track, repeat-respondent check."""
    ensure_editable(actor, party.case)
    if party.role == Party.Role.ADVISOR or party.advises_id:
        party_advisor_check(party)
    created = party.pk is None
    old = (
        None
        if created
        else Party.objects.filter(pk=party.pk).values("name_index", "email_index", "role").first()
    )
    party.name_index = blind_index(party.name or "", kind="name")
    party.email_index = blind_index(party.email or "", kind="email")
    party.save()
    if created:
        timeline_event(
            party.case,
            TimelineEvent.Kind.PARTY,
            _("%(role)s added (%(affiliation)s)")
            % {"role": party.get_role_display(), "affiliation": party.get_affiliation_display()},
            actor,
        )
    case_process_track_derive(case=party.case)
    if party.role == Party.Role.RESPONDENT and (
        old is None
        or (old["name_index"], old["email_index"], old["role"])
        != (party.name_index, party.email_index, party.role)
    ):
        repeat_respondent_check(case=party.case, party=party, actor=actor)
    return party


def party_advisor_check(party: Party) -> None:
    """An advisor advises a complainant or respondent of the same case; only an advisor advises."""
    if party.role != Party.Role.ADVISOR:
        raise ValidationError({"advises": _("Only an advisor advises a party: choose the role “Advisor”.")})
    advised = party.advises
    if advised is not None and _same_person(party, advised):
        raise ValidationError(
            {
                "advises": _(
                    "A party cannot be their own advisor (34 CFR 106.45(b)(5)(iv)): the advisor is another "
                    "person, of the party's choice or appointed by the office."
                )
            }
        )
    principals = Party.objects.filter(
        case_id=party.case_id, role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]
    ).exclude(pk=getattr(advised, "pk", None))
    if advised is not None and any(_same_person(party, other) for other in principals):
        raise ValidationError(
            {
                "advises": _(
                    "A complainant or respondent of this case cannot be another party's advisor (34 CFR "
                    "106.45(b)(5)(iv) and (b)(6)(i)): the advisor is a person apart from the parties."
                )
            }
        )
    if (
        advised is None
        or advised.case_id != party.case_id
        or advised.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT)
    ):
        raise ValidationError({"advises": _("Choose the complainant or respondent of this case the advisor advises.")})


def _same_person(advisor: Party, advised: Party) -> bool:
    """The advisor is the advised party: the same record, or the same name or email address."""
    if advisor.pk is not None and advisor.pk == advised.pk:
        return True

    def same(a, b) -> bool:
        a, b = " ".join((a or "").split()).casefold(), " ".join((b or "").split()).casefold()
        return bool(a) and a == b

    return same(advisor.email, advised.email) or same(advisor.name, advised.name)


def repeat_respondent_check(*, case: Case, party: Party, actor=None) -> list[int]:
    """Flag a respondent whose blind index matches a respondent in another case.

    Writes a timeline event and tells the coordinator (reference and link only).
    """
    q = respondent_match_q(name_indexes=[party.name_index], email_indexes=[party.email_index])
    other_case_ids = list(
        Party.objects.filter(q).exclude(case=case).values_list("case_id", flat=True).distinct()
    )
    if not other_case_ids:
        return []
    timeline_event(
        case,
        TimelineEvent.Kind.FLAG,
        _("A respondent also appears in %(n)d other case(s)") % {"n": len(other_case_ids)},
        actor,
    )
    from notifications.models import Notification
    from notifications.services import notification_event

    notification_event(
        event=Notification.Event.REPEAT_RESPONDENT,
        reference=case.reference,
        admin_path=reverse("admin:cases_case_change", args=[case.pk]),
        object_ref=f"cases.case:{case.pk}",
    )
    return other_case_ids


def report_repeat_respondent_check(*, report) -> list[int]:
    """Tell the coordinator when a new report names a respondent already in a case.

    Matches the report's respondent blind indexes against case respondents; no
    identity is decrypted. The report is not in a case yet, so the alert links to
    the report (the intake queue shows the same flag).
    """
    indexes = list(report.parties.filter(role="respondent").values_list("name_index", "email_index"))
    q = respondent_match_q(
        name_indexes=[name for name, _email in indexes], email_indexes=[email for _name, email in indexes]
    )
    case_ids = list(Party.objects.filter(q).values_list("case_id", flat=True).distinct())
    if not case_ids:
        return []
    from notifications.models import Notification
    from notifications.services import notification_event

    notification_event(
        event=Notification.Event.REPEAT_RESPONDENT,
        reference=report.reference,
        admin_path=reverse("admin:reports_report_change", args=[report.pk]),
        object_ref=f"reports.report:{report.pk}",
    )
    return case_ids


def _derived_track(case: Case) -> str:
    from .tracks import track_derived

    return track_derived(case)


def case_process_track_derive(*, case: Case) -> Case:
    """The track from the respondent's affiliation and Title IX (cases.services.tracks), unless set by hand."""
    if case.process_track_overridden:
        return case
    track = _derived_track(case)
    if track != case.process_track:
        case.process_track = track
        case.save(update_fields=["process_track", "updated_at"])
        timeline_event(
            case,
            TimelineEvent.Kind.TRACK,
            _("Process track: %(track)s") % {"track": ProcessTrack(track).label},
        )
    return case


@audited
def case_process_track_override(*, case: Case, track: str, actor, reason: str) -> Case:
    if not reason.strip():
        raise ValidationError(
            {"process_track_reason": _("Give the reason for setting the process track by hand.")}
        )
    if track not in ProcessTrack.values:
        raise ValidationError({"process_track": _("Choose a process track.")})
    case.process_track = track
    case.process_track_overridden = True
    case.process_track_reason = reason.strip()
    case.save(
        update_fields=["process_track", "process_track_overridden", "process_track_reason", "updated_at"]
    )
    timeline_event(
        case,
        TimelineEvent.Kind.TRACK,
        _("Process track set by hand: %(track)s (reason recorded)") % {"track": ProcessTrack(track).label},
        actor,
    )
    return case
