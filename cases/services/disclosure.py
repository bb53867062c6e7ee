"""The disclosure log (FERPA 34 CFR 99.32): a row for each time part of a case's record
leaves the office, appended here and nowhere else (cases.models.disclosure).

The callers: letters marked sent or published in the portal (letter_mark_sent), a party's
download in the portal (letter_receipt_downloaded), a CSV export with identities
(cases.exports), a case shared with the Bias Response Team (case_update) and the complete
case file (cases.case_file).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Case, CaseDocument, Disclosure, Letter


def disclosure_record(
    *,
    case: Case,
    kind: str,
    description: str,
    recipient_label: str,
    basis: str,
    actor=None,
    recipient_name: str = "",
    reason: str = "",
    letter: Letter | None = None,
    document: CaseDocument | None = None,
) -> Disclosure:
    """Append one disclosure: what, to whom, why, by whom (when: now)."""
    if kind not in Disclosure.Kind.values:
        raise ValidationError(_("Unknown kind of disclosure."))
    if basis not in Disclosure.Basis.values:
        raise ValidationError(_("Unknown basis of disclosure."))
    if not description.strip() or not recipient_label.strip():
        raise ValidationError(_("A disclosure says what was disclosed and to whom."))
    if basis == Disclosure.Basis.COORDINATOR and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this disclosure.")})
    return Disclosure.objects.create(
        case=case,
        kind=kind,
        description=description.strip()[:300],
        recipient_label=recipient_label.strip()[:120],
        recipient_name=(recipient_name or "").strip(),
        basis=basis,
        reason=(reason or "").strip(),
        actor=actor,
        letter=letter,
        document=document,
    )


def disclosure_letters_delivered(*, letters: list[Letter], channel_label: str, actor) -> None:
    """One disclosure per letter delivered to its recipient (in person, by post, in the portal)."""
    for letter in letters:
        disclosure_record(
            case=letter.case,
            kind=Disclosure.Kind.LETTER,
            description=_("%(kind)s, sent (%(channel)s)")
            % {"kind": letter.get_kind_display(), "channel": channel_label},
            recipient_label=letter.recipient.get_role_display(),
            recipient_name=letter.recipient.name or "",
            basis=Disclosure.Basis.PARTY_NOTICE,
            actor=actor,
            letter=letter,
            document=letter.document,
        )


def disclosure_portal_download(*, letter: Letter) -> Disclosure:
    """A party downloaded a letter's PDF in the portal (they are the recipient and the actor)."""
    return disclosure_record(
        case=letter.case,
        kind=Disclosure.Kind.PORTAL_DOWNLOAD,
        description=_("%(kind)s (PDF)") % {"kind": letter.get_kind_display()},
        recipient_label=letter.recipient.get_role_display(),
        recipient_name=letter.recipient.name or "",
        basis=Disclosure.Basis.PARTY_OWN_COPY,
        letter=letter,
        document=letter.document,
    )


def disclosure_portal_document(*, party, document: CaseDocument, what_label: str) -> Disclosure:
    """A party (or advisor) downloaded evidence or the report, watermarked, in the portal."""
    return disclosure_record(
        case=document.case,
        kind=Disclosure.Kind.PORTAL_DOWNLOAD,
        description=_("%(what)s (PDF copy stamped with their name)") % {"what": what_label},
        recipient_label=party.get_role_display(),
        recipient_name=party.name or "",
        basis=Disclosure.Basis.EVIDENCE_REVIEW,
        document=document,
    )


def disclosure_brt_share(*, case: Case, actor) -> Disclosure:
    """The coordinator shared the case with the Bias Response Team (read-only, no identities)."""
    return disclosure_record(
        case=case,
        kind=Disclosure.Kind.BRT_SHARE,
        description=_(
            "The case's status, pathway, categories, process track, timeline and parties' roles "
            "(no names, contact details or documents)"
        ),
        recipient_label=_("Bias Response Team"),
        basis=Disclosure.Basis.BRT_REVIEW,
        actor=actor,
    )
