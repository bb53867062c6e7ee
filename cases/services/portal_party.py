"""What a party (or the advisor they named) does in the portal: download the evidence and
the report (watermarked, logged), respond to the evidence, appeal, and write a statement on
an appeal (34 CFR 106.45(b)(5)(vi), (b)(8)); and the office's follow-up of letters nobody
opened.

A written response, appeal or statement lands in the case as a document (the text the party
typed, made into a PDF, with their files attached to it) and on the timeline through the same
services staff use (evidence_response_record, appeal_file, appeal_statement_add) with
`by_party` and no staff actor: the windows are checked there.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from idhr_portal.pdf import html_to_pdf
from idhr_portal.watermark import pdf_watermarked

from ..models import (
    Appeal,
    AppealBasis,
    CaseDeadline,
    CaseDocument,
    Dismissal,
    EvidenceReview,
    Letter,
    Party,
    PortalDownload,
)
from .appeal_notices import appeal_staff_notify
from .appeals import appeal_file, appeal_statement_add
from .audit import audited
from .deadlines import deadline_open
from .disclosure import disclosure_portal_document
from .documents import case_document_add, case_document_read
from .evidence_review import evidence_response_record

TEXT_MAX_LENGTH = 50_000
MAX_FILES = 5


def portal_principal(party: Party) -> Party:
    """The complainant or respondent a portal user acts for: themselves, or whom they advise."""
    if party.role == Party.Role.ADVISOR and party.advises_id:
        return party.advises
    return party


def _submission_store(*, by_party: Party, kind: str, title: str, text: str, files) -> CaseDocument:
    """The typed text as a PDF document of the case, and each file attached to it."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write your response or statement in the box.")})
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError({"text": _("Please keep it under 50,000 characters, or attach it as a file.")})
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("Attach at most 5 files.")})
    now = timezone.localtime()
    written = _("Written in the IDHR party portal by the %(role)s on %(when)s.") % {
        "role": by_party.get_role_display().lower(),
        "when": formats.date_format(now, "DATETIME_FORMAT"),
    }
    body = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    html = f"<h1>{escape(title)}</h1><p><em>{escape(written)}</em></p>{body}"
    case = by_party.case
    stamp = f"{now:%Y%m%d-%H%M}"
    main = case_document_add(
        case=case,
        kind=kind,
        filename=f"{case.reference}-{kind.replace('_', '-')}-{by_party.role}-{stamp}.pdf",
        data=html_to_pdf(html, title=title),
        actor=None,
        by_party=by_party,
    )
    for upload in files:
        try:
            case_document_add(
                case=case,
                kind=kind,
                filename=upload.name,
                data=upload.read(),
                actor=None,
                by_party=by_party,
                attached_to=main,
            )
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from error
    return main


@audited
def portal_evidence_response_submit(*, review: EvidenceReview, by_party: Party, text: str, files=()):
    """The party's (or their advisor's) written response to the evidence, before the window closes."""
    document = _submission_store(
        by_party=by_party,
        kind=CaseDocument.Kind.EVIDENCE_RESPONSE,
        title=_("Written response to the evidence"),
        text=text,
        files=files,
    )
    return evidence_response_record(
        review=review, party=portal_principal(by_party), document=document, actor=None, by_party=by_party
    )


@audited
def portal_appeal_file(
    *, by_party: Party, bases: list[AppealBasis], statement: str, files=(), dismissal: Dismissal | None = None
) -> Appeal:
    """The party's appeal on the bases they chose, with their statement and files."""
    party = portal_principal(by_party)
    if not bases:
        raise ValidationError({"bases": _("Choose at least one basis for your appeal.")})
    if Appeal.objects.filter(case=party.case, filed_by=party, dismissal=dismissal).exists():
        raise ValidationError(_("You have already filed an appeal of this decision. Contact the IDHR Office."))
    document = _submission_store(
        by_party=by_party, kind=CaseDocument.Kind.OTHER, title=_("Appeal"), text=statement, files=files
    )
    appeal = appeal_file(
        case=party.case,
        party=party,
        bases=bases,
        grounds=statement.strip(),
        dismissal=dismissal,
        actor=None,
        by_party=by_party,
    )
    # The appeal's own statement is the appellant's written statement ((b)(8)(iii)(D)).
    appeal_statement_add(appeal=appeal, party=party, document=document, actor=None, by_party=by_party)
    appeal_staff_notify(appeal=appeal, party=party, what="appeal", object_ref=f"cases.appeal:{appeal.pk}")
    return appeal


@audited
def portal_appeal_statement_submit(*, appeal: Appeal, by_party: Party, text: str, files=()):
    """A written statement on an appeal, in the party's window."""
    party = portal_principal(by_party)
    window = CaseDeadline.objects.filter(
        case=appeal.case, kind=CaseDeadline.Kind.APPEAL_STATEMENT, regarding=f"cases.appeal:{appeal.pk}", party=party
    ).first()
    if window is None or timezone.localdate() > window.due_on or appeal.decision != Appeal.Decision.PENDING:
        closed = window.due_on.isoformat() if window else ""
        raise ValidationError(
            _("The window for written statements on this appeal closed on %(date)s.") % {"date": closed}
            if closed
            else _("There is no window for a written statement on this appeal.")
        )
    document = _submission_store(
        by_party=by_party,
        kind=CaseDocument.Kind.OTHER,
        title=_("Written statement on the appeal"),
        text=text,
        files=files,
    )
    statement = appeal_statement_add(appeal=appeal, party=party, document=document, actor=None, by_party=by_party)
    appeal_staff_notify(
        appeal=appeal, party=party, what="statement", object_ref=f"cases.appealstatement:{statement.pk}"
    )
    return statement


def portal_document_download(*, party: Party, document: CaseDocument, what: str, regarding: str) -> bytes:
    """The document as a PDF stamped with the party's name and the time, and the download logged."""
    now = timezone.localtime()
    stamp = _("Copy for %(name)s (%(role)s), downloaded %(when)s from the IDHR party portal. Do not share.") % {
        "name": party.name or party.get_role_display(),
        "role": party.get_role_display().lower(),
        "when": now.strftime("%Y-%m-%d %H:%M %Z"),
    }
    data = pdf_watermarked(
        data=case_document_read(document=document),
        content_type=document.content_type,
        stamp=stamp,
        title=str(PortalDownload.What(what).label),
    )
    PortalDownload.objects.create(party=party, document=document, what=what, regarding=regarding)
    disclosure_portal_document(party=party, document=document, what_label=str(PortalDownload.What(what).label))
    return data


# --- Letters nobody opened ------------------------------------------------------------------

FOLLOW_UP_BASIS = "IDHR_PORTAL_UNOPENED_DAYS"


def letters_unopened_follow_up(*, today: datetime.date | None = None) -> int:
    """Open a "follow up by phone or post" deadline on the case of each letter published in the
    portal PORTAL_UNOPENED_DAYS or more days ago and never opened (once per letter)."""
    today = today or timezone.localdate()
    days = settings.PORTAL_UNOPENED_DAYS
    cutoff = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days - 1), datetime.time()))
    letters = (
        Letter.objects.filter(sent_channel=Letter.Channel.PORTAL, sent_at__lt=cutoff)
        .exclude(receipt__first_opened_at__isnull=False)
        .select_related("case", "recipient")
        .order_by("pk")
    )
    opened = 0
    for letter in letters:
        regarding = f"cases.letter:{letter.pk}"
        with transaction.atomic():
            if CaseDeadline.objects.filter(kind=CaseDeadline.Kind.LETTER_FOLLOW_UP, regarding=regarding).exists():
                continue
            sent_on = timezone.localtime(letter.sent_at).date()
            deadline_open(
                case=letter.case,
                kind=CaseDeadline.Kind.LETTER_FOLLOW_UP,
                label=_("Follow up by phone or post: %(kind)s to the %(role)s not opened in the portal")
                % {"kind": letter.get_kind_display(), "role": letter.recipient.get_role_display().lower()},
                basis=FOLLOW_UP_BASIS,
                start_event=_("Published in the portal on %(date)s, not opened in %(n)s days")
                % {"date": sent_on.isoformat(), "n": days},
                starts_on=today,
                length_days=settings.PORTAL_FOLLOW_UP_DAYS,
                business_days=True,
                for_whom=_("the case manager"),
                party=letter.recipient,
                regarding=regarding,
            )
            opened += 1
    return opened
