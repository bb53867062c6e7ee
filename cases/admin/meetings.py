"""Scheduling an interview or meeting: the form calls meeting_schedule, which
refuses a notice shorter than settings.PROCESS_MEETING_NOTICE_DAYS without the party's
written waiver and prepares the notice for the party; the admin then opens that letter."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import CaseDocument, Meeting, Party
from cases.selectors.access import user_may_see_identities
from cases.services.meetings import meeting_schedule

from .mixins import CaseChildAdmin, service_call
from .pickers import label_with_identities


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["case", "kind", "party", "starts_at", "place", "participants", "purpose", "waiver_document"]
        widgets = {
            "place": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
        }


@admin.register(Meeting)
class MeetingAdmin(CaseChildAdmin):
    form = MeetingForm
    list_display = ["case", "kind", "party", "starts_at", "short_notice_waived"]
    list_select_related = ["case", "party"]
    list_filter = ["kind"]
    search_fields = ["=case__reference"]

    # Visible as the case is; scheduled by whoever may edit the case; never edited afterwards
    # (a new time is a new meeting with its own notice).
    def has_module_permission(self, request):
        return user_may_see_identities(request.user)

    def has_view_permission(self, request, obj=None):
        return user_may_see_identities(request.user)

    def has_add_permission(self, request):
        return user_may_see_identities(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if str(request.GET.get("case", "")).isdigit():
            initial["case"] = request.GET["case"]
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        case_id = request.POST.get("case") or request.GET.get("case")
        if db_field.name == "party":
            queryset = Party.objects.exclude(role=Party.Role.OTHER)
            kwargs["queryset"] = queryset.filter(case_id=case_id) if str(case_id).isdigit() else queryset.none()
        if db_field.name == "waiver_document":
            queryset = CaseDocument.objects.all()
            kwargs["queryset"] = queryset.filter(case_id=case_id) if str(case_id).isdigit() else queryset.none()
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name in ("party", "waiver_document") and user_may_see_identities(request.user):
            label_with_identities(field)  # "Alex Morgan — respondent (student)", as the other pickers
        return field

    def service_save(self, request, obj, form, change):
        data = form.cleaned_data
        meeting, letter = service_call(
            meeting_schedule,
            form=form,
            case=data["case"],
            kind=data["kind"],
            party=data["party"],
            starts_at=data["starts_at"],
            place=data["place"],
            participants=data["participants"],
            purpose=data["purpose"],
            waiver_document=data.get("waiver_document"),
            actor=request.user,
        )
        obj.pk, obj.letter = meeting.pk, letter

    def response_add(self, request, obj, post_url_continue=None):
        messages.success(
            request, _("Scheduled. The notice for the party is ready: review it, then record how it was sent.")
        )
        return HttpResponseRedirect(reverse("admin:cases_letter_review", args=[obj.letter.pk]))
