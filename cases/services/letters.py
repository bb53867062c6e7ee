"""Letters to the parties, made from the current version of their template.

`letter_prepare` renders the current template of a kind for each recipient (HTML,
stored encrypted on the letter), makes its PDF (idhr_portal.pdf: WeasyPrint with
the letterhead, nothing loaded from any URL) stored as an encrypted NOTICE
document of the case, and records it on the timeline; the letter keeps the
template version it came from. Templates are edited by writing a new version
(`letter_template_save`); the first version of each kind is read from
templates/cases/letters/<kind>.html the first time it is needed.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template, TemplateSyntaxError
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _

from idhr_portal.pdf import html_to_pdf

from ..models import Allegation, Case, CaseDocument, Letter, LetterKind, LetterTemplate, Party, TimelineEvent
from ..selectors.procedural_steps import determination_procedural_steps
from .audit import audited, ensure_may_act, timeline_event
from .deadlines import deadlines_start_on_delivery
from .disclosure import disclosure_letters_delivered
from .documents import case_document_add
from .investigation import investigation_notice_date_sync
from .once import case_lock

LETTER_TEMPLATE_DIR = "cases/letters"


def letter_template_default_body(kind: str) -> tuple[str, str]:
    """(title, body) of the shipped first version of a kind's template."""
    template = get_template(f"{LETTER_TEMPLATE_DIR}/{kind}.html")
    with open(template.origin.name, encoding="utf-8") as handle:
        body = handle.read()
    return str(LetterKind(kind).label), body


def letter_template_current(kind: str) -> LetterTemplate:
    """The newest version of `kind`'s template (version 1 made from the shipped file if none)."""
    current = LetterTemplate.objects.filter(kind=kind).order_by("-version").first()
    if current is not None:
        return current
    title, body = letter_template_default_body(kind)
    current, _created = LetterTemplate.objects.get_or_create(
        kind=kind, version=1, defaults={"title": title, "body": body, "change_note": _("Shipped text")}
    )
    return current


def letter_template_check(body: str) -> None:
    try:
        Template(body)
    except TemplateSyntaxError as error:
        raise ValidationError({"body": _("The template has an error: %(error)s") % {"error": error}}) from error


@audited
def letter_template_save(*, kind: str, title: str, body: str, change_note: str = "", actor) -> LetterTemplate:
    """A new version of `kind`'s template (versions are never edited in place)."""
    letter_template_check(body)
    latest = letter_template_current(kind)
    return LetterTemplate.objects.create(
        kind=kind,
        version=latest.version + 1,
        title=title,
        body=body,
        change_note=change_note,
        created_by=actor,
    )


def letter_context(*, case: Case, recipient: Party, extra: dict | None = None) -> dict:
    """What every letter template may use; `extra` adds the letter's own subject."""
    context = {
        "case": case,
        "recipient": recipient,
        "allegations": list(
            Allegation.objects.filter(case=case).select_related("respondent", "complainant").order_by("number")
        ),
        "parties": list(case.parties.filter(role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT])),
        "today": timezone.localdate(),
    }
    context.update(extra or {})
    return context


def letter_render(*, template: LetterTemplate, context: dict) -> str:
    return Template(template.body).render(Context(context, autoescape=True))


def letter_pdf_filename(*, case: Case, kind: str, recipient: Party) -> str:
    return f"{case.reference}-{kind.replace('_', '-')}-{recipient.role}-{timezone.localdate():%Y%m%d}.pdf"


@audited
def letter_prepare(
    *,
    case: Case,
    kind: str,
    recipients: list[Party],
    actor,
    extra: dict | None = None,
    regarding: str = "",
    batch: bool = False,
    by_party: Party | None = None,
) -> list[Letter]:
    """One letter per recipient from the current template of `kind`, ready for review.

    With `batch`, the letters share one batch id: they are released together. With
    `by_party` (actor None) the portal makes it on a party's action (a notice of their appeal).
    """
    ensure_may_act(actor, case, by_party)
    if not recipients:
        raise ValidationError(_("A letter needs at least one recipient."))
    for recipient in recipients:
        if recipient.case_id != case.pk:
            raise ValidationError(_("A letter goes to a party of this case."))
    if kind == LetterKind.OUTCOME and extra and "determination" in extra and "procedural_steps" not in extra:
        # 106.45(b)(7)(ii)(B): the steps from the complaint to the determination (a read, handed in here).
        extra = {**extra, "procedural_steps": determination_procedural_steps(determination=extra["determination"])}
    template = letter_template_current(kind)
    batch_id = uuid.uuid4() if batch else None
    letters = []
    for recipient in recipients:
        html = letter_render(template=template, context=letter_context(case=case, recipient=recipient, extra=extra))
        document = case_document_add(
            case=case,
            kind=CaseDocument.Kind.NOTICE,
            filename=letter_pdf_filename(case=case, kind=kind, recipient=recipient),
            data=html_to_pdf(html, title=str(LetterKind(kind).label)),
            actor=actor,
            by_party=by_party,
        )
        letters.append(
            Letter.objects.create(
                case=case,
                kind=kind,
                template=template,
                recipient=recipient,
                regarding=regarding,
                batch=batch_id,
                html=html,
                document=document,
                prepared_by=actor,
            )
        )
    timeline_event(
        case,
        TimelineEvent.Kind.LETTER,
        _("%(kind)s prepared for %(roles)s")
        % {
            "kind": LetterKind(kind).label,
            "roles": ", ".join(sorted({r.get_role_display().lower() for r in recipients})),
        },
        actor,
    )
    return letters


@audited
def letter_mark_sent(
    *, letters: list[Letter], channel: str, actor, sent_at=None, by_party: Party | None = None
) -> list[Letter]:
    """Record how and when letters reached their recipients; letters of one batch only all together."""
    if not letters:
        return letters
    case = letters[0].case
    ensure_may_act(actor, case, by_party)
    batches = {letter.batch for letter in letters if letter.batch}
    for batch_id in batches:
        expected = set(Letter.objects.filter(batch=batch_id).values_list("pk", flat=True))
        if not expected <= {letter.pk for letter in letters}:
            raise ValidationError(_("Letters released together are sent together, to every recipient at once."))
    if channel not in Letter.Channel.values:
        raise ValidationError({"sent_channel": _("Choose how the letter was sent.")})
    sent_at = sent_at or timezone.now()
    # A conditional update: of two windows recording the same letters, the second finds them sent.
    marked = Letter.objects.filter(pk__in=[letter.pk for letter in letters], sent_at__isnull=True).update(
        sent_at=sent_at, sent_channel=channel, sent_by=actor
    )
    if marked != len(letters):
        first = Letter.objects.filter(pk__in=[letter.pk for letter in letters], sent_at__isnull=False).first()
        raise ValidationError(
            _("This letter was already sent on %(date)s.")
            % {"date": timezone.localtime(first.sent_at).strftime("%Y-%m-%d %H:%M") if first else ""}
        )
    for letter in letters:
        letter.sent_at, letter.sent_channel, letter.sent_by = sent_at, channel, actor
    if letters[0].kind == LetterKind.ALLEGATIONS:
        investigation_notice_date_sync(case=case)
    deadlines_start_on_delivery(letters=letters, actor=actor)
    # Each letter delivered is a disclosure to its recipient (FERPA 99.32; issue 18).
    disclosure_letters_delivered(letters=letters, channel_label=Letter.Channel(channel).label.lower(), actor=actor)
    timeline_event(
        case,
        TimelineEvent.Kind.LETTER,
        _("%(kind)s sent (%(channel)s) to %(roles)s")
        % {
            "kind": letters[0].get_kind_display(),
            "channel": Letter.Channel(channel).label.lower(),
            "roles": ", ".join(sorted({letter.recipient.get_role_display().lower() for letter in letters})),
        },
        actor,
    )
    return letters


def letter_notice_prepare(*, case: Case, kind: str, recipients: list[Party], actor) -> tuple[list[Letter], bool]:
    """A notice of allegations (or a supplemental notice) for these parties, once.

    A second press, or the same button in a second window, gives the letters already
    prepared and not yet sent (False: none made now), unless an allegation was recorded
    after them (then the notice must state it: new letters). The case row is locked, so
    two presses at the same moment make one set.
    """
    with transaction.atomic():
        case_lock(case=case)
        unsent = {
            letter.recipient_id: letter
            for letter in Letter.objects.filter(case=case, kind=kind, sent_at__isnull=True).order_by("prepared_at")
        }
        latest = Allegation.objects.filter(case=case).order_by("-added_at").values_list("added_at", flat=True).first()
        existing = [unsent.get(recipient.pk) for recipient in recipients]
        if all(existing) and (latest is None or all(letter.prepared_at >= latest for letter in existing)):
            return existing, False
        return letter_prepare(case=case, kind=kind, recipients=recipients, actor=actor), True
