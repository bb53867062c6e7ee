"""Letters in the admin: the coordinator's versioned templates, and each letter's review page.

    LetterTemplateAdmin  the Title IX coordinator edits a template; saving writes a new
                         version (never in place). The versions are listed beside the
                         editor with the variables a template may use, and "Preview"
                         renders the typed text against a sample case.
    LetterAdmin          letters of the cases a person may see: the review page (the
                         rendered letter, its PDF, access-logged like a document) and
                         "mark sent" with the channel and date — a batch only together;
                         "prepare" from the case page (notice of allegations, supplemental).
"""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import AccessLog, Allegation, Letter, LetterKind, LetterTemplate, Party
from cases.selectors.access import (
    case_user_may_edit,
    case_visible_queryset,
    user_is_coordinator,
    user_may_see_identities,
)
from cases.selectors.portal import letter_delivery
from cases.services.allegations import allegation_add
from cases.services.audit import access_log_record
from cases.services.letters import (
    letter_mark_sent,
    letter_notice_prepare,
    letter_render,
    letter_template_check,
    letter_template_current,
    letter_template_save,
)

from .letter_context import CONTEXT_VARIABLES, KIND_VARIABLES, letter_sample_context
from .mixins import refusal_to_form
from .portal import portal_letter_urls


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["title", "body", "change_note"]
        widgets = {"body": forms.Textarea(attrs={"rows": 30, "class": "letter-template-body", "spellcheck": "true"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "change_note" in self.fields:
            self.initial["change_note"] = ""  # each version says what it changed
            self.fields["change_note"].required = True

    def clean_body(self):
        body = self.cleaned_data["body"]
        try:
            letter_template_check(body)
        except ValidationError as error:
            raise ValidationError(error.message_dict["body"]) from error
        kind = self.instance.kind
        try:
            letter_render(template=LetterTemplate(kind=kind, body=body), context=letter_sample_context(kind))
        except Exception as error:  # a template error shows beside the editor, never as a 500
            raise ValidationError(_("The template cannot be rendered: %(error)s") % {"error": error}) from error
        return body

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and not ({"title", "body"} & set(self.changed_data)):
            raise ValidationError(_("Nothing changed: edit the title or the text to write a new version."))
        return cleaned


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    form = LetterTemplateForm
    change_form_template = "admin/cases/letters/template_change_form.html"
    list_display = ["kind", "version", "title", "change_note", "created_by", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["created_by"]
    readonly_fields = ["kind", "version"]
    fields = ["kind", "version", "title", "body", "change_note"]

    # Read: staff who see identities; write: the Title IX coordinator only.
    def has_module_permission(self, request):
        return user_may_see_identities(request.user)

    def has_view_permission(self, request, obj=None):
        return user_may_see_identities(request.user)

    def has_change_permission(self, request, obj=None):
        return user_is_coordinator(request.user)

    def has_add_permission(self, request):
        return False  # every kind has a shipped first version; editing it writes the next

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:template_id>/preview/", wrap(self.preview_view), name="cases_lettertemplate_preview"),
        ] + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        for kind in LetterKind.values:  # the shipped first version of each kind, made once
            letter_template_current(kind)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        template = get_object_or_404(LetterTemplate, pk=object_id) if str(object_id).isdigit() else None
        if template is None:
            raise Http404
        extra_context = {
            **(extra_context or {}),
            "versions": LetterTemplate.objects.filter(kind=template.kind).select_related("created_by"),
            "current": letter_template_current(template.kind),
            "context_variables": CONTEXT_VARIABLES + KIND_VARIABLES.get(template.kind, []),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Never in place: the edited text becomes the kind's next version."""
        if not user_is_coordinator(request.user):
            raise PermissionDenied
        new = letter_template_save(
            kind=obj.kind,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            change_note=form.cleaned_data["change_note"],
            actor=request.user,
        )
        obj.pk, obj.version, obj.created_by, obj.created_at = new.pk, new.version, new.created_by, new.created_at

    def preview_view(self, request, template_id):
        template = get_object_or_404(LetterTemplate, pk=template_id)
        if not self.has_view_permission(request, template):
            raise PermissionDenied
        body = request.POST.get("body", template.body) if request.method == "POST" else template.body
        error, html = "", ""
        try:
            letter_template_check(body)
            html = letter_render(
                template=LetterTemplate(kind=template.kind, body=body), context=letter_sample_context(template.kind)
            )
        except Exception as exc:  # shown, not raised: this is a preview of text being typed
            error = str(exc)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Preview: %(kind)s") % {"kind": template.get_kind_display()},
            "template_obj": template,
            "preview_html": html,
            "preview_error": error,
        }
        return TemplateResponse(request, "admin/cases/letters/template_preview.html", context)


class LetterSendForm(forms.Form):
    # The portal is not a channel staff record by hand: "Send via portal" publishes the
    # letter and emails the content-free notice (cases.services.portal).
    channel = forms.ChoiceField(
        label=gettext_lazy("How it was sent"),
        choices=[(value, label) for value, label in Letter.Channel.choices if value != Letter.Channel.PORTAL],
    )
    sent_on = forms.DateField(
        label=gettext_lazy("Date sent"), widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > timezone.localdate():
            raise ValidationError(_("A letter cannot be recorded as sent in the future."))
        return sent_on


def letter_sent_at(sent_on: datetime.date) -> datetime.datetime:
    """Today: now; an earlier day: noon of that day (the office's time zone)."""
    if sent_on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(sent_on, datetime.time(12, 0)))


class AllegationForm(forms.Form):
    respondent = forms.ModelChoiceField(label=gettext_lazy("Respondent"), queryset=Party.objects.none())
    complainant = forms.ModelChoiceField(
        label=gettext_lazy("Complainant"), queryset=Party.objects.none(), required=False
    )
    conduct = forms.CharField(label=gettext_lazy("Alleged conduct"), widget=forms.Textarea(attrs={"rows": 3}))
    policy_provision = forms.CharField(
        label=gettext_lazy("Policy provision"),
        max_length=200,
        help_text=gettext_lazy("The section of the policy the conduct would violate."),
    )
    occurred_on = forms.DateField(
        label=gettext_lazy("Date of the incident"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    occurred_on_note = forms.CharField(
        label=gettext_lazy("Date as known"), max_length=100, required=False,
        help_text=gettext_lazy("When the exact date is not known (e.g. “early October 2026”)."),
    )
    place = forms.CharField(label=gettext_lazy("Place"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        parties = Party.objects.filter(case=case)
        self.fields["respondent"].queryset = parties.filter(role=Party.Role.RESPONDENT)
        self.fields["complainant"].queryset = parties.filter(role=Party.Role.COMPLAINANT)
        for name in ("respondent", "complainant"):
            self.fields[name].label_from_instance = lambda party: party.name or party.get_role_display()


# The letters prepared from the case page's buttons (the others come with their step of the process).
CASE_PAGE_KINDS = (LetterKind.ALLEGATIONS, LetterKind.SUPPLEMENTAL_ALLEGATIONS)


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "recipient_role", "template_version", "prepared_at", "sent_display"]
    list_filter = ["kind", "sent_channel"]
    list_select_related = ["case", "recipient", "template"]
    search_fields = ["=case__reference"]
    list_per_page = 50

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not user_may_see_identities(request.user):
            return queryset.none()
        return queryset.filter(case__in=case_visible_queryset(request.user))

    def has_module_permission(self, request):
        return user_may_see_identities(request.user)

    def has_view_permission(self, request, obj=None):
        return user_may_see_identities(request.user)

    def has_add_permission(self, request):
        return False  # letters are prepared by the process (letter_prepare)

    def has_change_permission(self, request, obj=None):
        return False  # a letter is never edited; it is sent (review page) or prepared again

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("recipient"))
    def recipient_role(self, obj):
        return obj.recipient.get_role_display()

    @admin.display(description=gettext_lazy("template version"), ordering="template__version")
    def template_version(self, obj):
        return obj.template.version

    @admin.display(description=gettext_lazy("sent"))
    def sent_display(self, obj):
        if not obj.sent_at:
            return _("not sent")
        return f"{obj.get_sent_channel_display()} · {timezone.localtime(obj.sent_at):%Y-%m-%d}"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:letter_id>/review/", wrap(self.review_view), name="cases_letter_review"),
            path("<int:letter_id>/send/", wrap(self.send_view), name="cases_letter_send"),
            path("prepare/<int:case_id>/", wrap(self.prepare_view), name="cases_letter_prepare"),
            path("allegation/<int:case_id>/", wrap(self.allegation_view), name="cases_letter_allegation"),
        ] + portal_letter_urls(self) + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        return HttpResponseRedirect(reverse("admin:cases_letter_review", args=[object_id]))

    def _visible_letter(self, request, letter_id) -> Letter:
        if not user_may_see_identities(request.user):
            raise Http404
        return get_object_or_404(
            Letter.objects.select_related("case", "recipient", "template", "document", "prepared_by", "sent_by"),
            pk=letter_id,
            case__in=case_visible_queryset(request.user),
        )

    def _together(self, letter: Letter) -> list[Letter]:
        """The letters marked sent with this one: its batch, or itself."""
        if letter.batch is None:
            return [letter]
        return list(Letter.objects.filter(batch=letter.batch).select_related("recipient", "case").order_by("pk"))

    def review_view(self, request, letter_id, send_form=None):
        letter = self._visible_letter(request, letter_id)
        case = letter.case
        access_log_record(user=request.user, action=AccessLog.Action.VIEW, obj=letter, ref=case.reference)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("%(kind)s to the %(role)s")
            % {"kind": letter.get_kind_display(), "role": letter.recipient.get_role_display().lower()},
            "letter": letter,
            "case_obj": case,
            "together": self._together(letter),
            "can_edit_case": case_user_may_edit(request.user, case),
            "send_form": send_form or LetterSendForm(),
            "delivery": letter_delivery(letter=letter),
        }
        return TemplateResponse(request, "admin/cases/letters/review.html", context)

    def send_view(self, request, letter_id):
        letter = self._visible_letter(request, letter_id)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:cases_letter_review", args=[letter.pk]))
        if not case_user_may_edit(request.user, letter.case):
            raise PermissionDenied
        form = LetterSendForm(request.POST)
        if not form.is_valid():
            return self.review_view(request, letter_id, send_form=form)
        together = self._together(letter)
        try:
            letter_mark_sent(
                letters=together,
                channel=form.cleaned_data["channel"],
                sent_at=letter_sent_at(form.cleaned_data["sent_on"]),
                actor=request.user,
            )
        except ValidationError as error:
            if Letter.objects.filter(pk=letter.pk, sent_at__isnull=False).exists():
                # Sent meanwhile (another window): the page shows it sent, and no form to put this on.
                messages.error(request, "; ".join(error.messages))
                return HttpResponseRedirect(reverse("admin:cases_letter_review", args=[letter.pk]))
            form.add_error(None, error)
            return self.review_view(request, letter_id, send_form=form)
        messages.success(
            request,
            _("Recorded as sent: %(letters)s.")
            % {"letters": ", ".join(f"{item.get_kind_display()} → {item.recipient.get_role_display()}"
                                    for item in together)},
        )
        return HttpResponseRedirect(reverse("admin:cases_letter_review", args=[letter.pk]))

    def prepare_view(self, request, case_id):
        """The case page's buttons: a notice of allegations or a supplemental notice to every known party."""
        case = get_object_or_404(case_visible_queryset(request.user), pk=case_id)
        case_url = reverse("admin:cases_case_change", args=[case.pk])
        if request.method != "POST":
            return HttpResponseRedirect(case_url)
        if not case_user_may_edit(request.user, case):
            raise PermissionDenied
        kind = request.POST.get("kind", "")
        if kind not in CASE_PAGE_KINDS:
            raise Http404
        parties = list(
            Party.objects.filter(case=case, role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]).order_by(
                "role", "pk"
            )
        )
        allegations = Allegation.objects.filter(case=case)
        if kind == LetterKind.SUPPLEMENTAL_ALLEGATIONS:
            allegations = allegations.filter(supplemental=True)
        if not {p.role for p in parties} >= {Party.Role.COMPLAINANT, Party.Role.RESPONDENT}:
            messages.error(request, _("A notice of allegations goes to the complainant and the respondent: "
                                      "add both parties to the case first."))
            return HttpResponseRedirect(case_url + "#case-letters")
        if not allegations.exists():
            messages.error(
                request,
                _("Record the new allegations first: a supplemental notice states them.")
                if kind == LetterKind.SUPPLEMENTAL_ALLEGATIONS
                else _("Record the allegations first: the notice states each one (106.45(b)(2)(i)(B))."),
            )
            return HttpResponseRedirect(case_url + "#case-letters")
        try:
            letters, made = letter_notice_prepare(case=case, kind=kind, recipients=parties, actor=request.user)
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
            return HttpResponseRedirect(case_url + "#case-letters")
        if made:
            message = _("%(kind)s prepared for %(count)s parties: review each letter, then record how it was sent.")
        else:
            message = _("%(kind)s was already prepared for these %(count)s parties and is not sent yet: "
                        "nothing was prepared again. Review each letter, then record how it was sent.")
        messages.success(request, message % {"kind": LetterKind(kind).label, "count": len(letters)})
        return HttpResponseRedirect(reverse("admin:cases_letter_review", args=[letters[0].pk]))

    def allegation_view(self, request, case_id):
        """Record an allegation (the notices state each one); after the notice it is supplemental."""
        case = get_object_or_404(case_visible_queryset(request.user), pk=case_id)
        if not user_may_see_identities(request.user) or not case_user_may_edit(request.user, case):
            raise PermissionDenied
        form = AllegationForm(request.POST or None, case=case)
        if request.method == "POST" and form.is_valid():
            try:
                allegation = allegation_add(case=case, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                message = (
                    _("Allegation %(n)s recorded: prepare a supplemental notice for the parties.")
                    if allegation.supplemental
                    else _("Allegation %(n)s recorded.")
                )
                messages.success(request, message % {"n": allegation.number})
                return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]) + "#case-letters")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Record an allegation"),
            "case_obj": case,
            "form": form,
        }
        return TemplateResponse(request, "admin/cases/letters/allegation.html", context)
