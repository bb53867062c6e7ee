"""Reports: the intake queue and triage (the Report admin lives here, beside the cases it opens).

reports/ never imports cases; the staff's view of a report is part of the case workplace.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import AccessLog, CaseReport, Party
from cases.selectors.access import user_is_intake_staff, user_may_see_identities
from cases.selectors.intake import triage_due_on
from cases.selectors.people import reference_part_q, report_ids_matching, report_visible_queryset
from cases.services.audit import access_log_record
from cases.services.party_changes import triage_person_matches
from cases.services.triage import case_open_from_report, case_report_add
from reports.models import Attachment, Report, ReportParty
from reports.services import attachment_read

from .classification import classification_context
from .filters import TriageFilter
from .forms import AddToCaseForm
from .mixins import AuditedAdminMixin, download


class ReportPartyInline(admin.TabularInline):
    model = ReportParty
    extra = 0
    fields = ["role", "name", "email", "affiliation", "details", "person_link"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=gettext_lazy("appears also in"))
    def person_link(self, obj):
        if obj.pk is None or not (obj.name or obj.email):
            return "—"
        url = reverse("admin:cases_person_detail", args=["report_party", obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Every case and report"))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def _respondent_match_exists():
    """Annotation for reports: a respondent of the report matches a respondent party of a case."""
    name_match = Party.objects.filter(role=Party.Role.RESPONDENT, name_index=OuterRef("name_index")).exclude(
        name_index=""
    )
    email_match = Party.objects.filter(
        role=Party.Role.RESPONDENT, email_index=OuterRef("email_index")
    ).exclude(email_index="")
    respondents = ReportParty.objects.filter(report=OuterRef("pk"), role="respondent").filter(
        (Exists(name_match) & ~Q(name_index="")) | (Exists(email_match) & ~Q(email_index=""))
    )
    return Exists(respondents)


class ReportChangeList(ChangeList):
    """The intake queue: the repeat-respondent flag is read for the page shown, in one query
    (as an annotation on the whole list it was hashed over every respondent: bench/README.md)."""

    def get_results(self, request):
        super().get_results(request)
        ids = [report.pk for report in self.result_list]
        flagged = set(Report.objects.filter(pk__in=ids).filter(_respondent_match_exists()).values_list("pk", flat=True))
        for report in self.result_list:
            report.repeat_match = report.pk in flagged


@admin.register(Report)
class ReportAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "kind",
        "category_list",
        "is_title_ix",
        "is_anonymous",
        "created_at",
        "case_column",
        "repeat_flag",
        "status",
        "age_column",
        "triage_due_column",
    ]
    list_select_related = ["case_link__case"]
    list_filter = [TriageFilter, "kind", "is_title_ix", "status"]
    search_fields = ["=reference"]
    search_help_text = gettext_lazy(
        "A report reference or its last part, a whole name or whole words of one "
        "(\u201cjordan\u201d finds Jordan Lee; \u201cjor\u201d finds nothing), or an email address."
    )
    list_per_page = 50
    show_full_result_count = False
    actions = ["open_cases"]
    inlines = [ReportPartyInline]
    change_form_template = "admin/reports/report/change_form.html"
    fields = [
        "reference",
        "kind",
        "status",
        "categories",
        "is_title_ix",
        "protected_bases",
        "relationship",
        "incident_date_precision",
        "incident_date",
        "incident_date_text",
        "location_type",
        "location_detail",
        "narrative",
        "police_contacted",
        "is_anonymous",
        "reporter_name",
        "reporter_email",
        "reporter_phone",
        "reporter_affiliation",
        "wants_follow_up",
        "created_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # Coordinator: all; others: reports of cases they see and (intake staff) the queue.
        return report_visible_queryset(request.user, super().get_queryset(request))

    def get_search_results(self, request, queryset, search_term):
        """A reference or a part of one, a person's whole name words or email (blind indexes)."""
        term = search_term.strip()
        if not term:
            return queryset, False
        q = Q(reference=term.upper()) | Q(pk__in=report_ids_matching(term, request.user))
        partial = reference_part_q(term)
        if partial is not None:
            q |= partial
        return queryset.filter(q), False

    def get_changelist(self, request, **kwargs):
        return ReportChangeList

    def has_module_permission(self, request):
        return user_may_see_identities(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return user_may_see_identities(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False  # reports come from the public forms

    def has_change_permission(self, request, obj=None):
        return False  # a report is what was submitted; staff work on the case

    @admin.display(description=gettext_lazy("categories"))
    def category_list(self, obj):
        return ", ".join(obj.category_labels)

    @admin.display(description=gettext_lazy("case"))
    def case_column(self, obj):
        link = getattr(obj, "case_link", None)
        if link is None:
            return format_html('<span class="intake-queue">{}</span>', _("Intake queue"))
        return link.case.reference

    @admin.display(description=gettext_lazy("repeat respondent"), boolean=True)
    def repeat_flag(self, obj):
        return getattr(obj, "repeat_match", False)

    # --- intake age (cases.selectors.intake): the queue is oldest first by default
    def get_ordering(self, request):
        if request.GET.get("triage") == "queue":
            return ["created_at", "pk"]
        return super().get_ordering(request)

    @admin.display(description=gettext_lazy("waiting"), ordering="created_at")
    def age_column(self, obj):
        if getattr(obj, "case_link", None) is not None:
            return "—"
        return timesince(obj.created_at, depth=1)

    @admin.display(description=gettext_lazy("triage due"))
    def triage_due_column(self, obj):
        if getattr(obj, "case_link", None) is not None:
            return "—"
        due = triage_due_on(obj.created_at)
        if due < timezone.localdate():
            return format_html('<strong class="case-overdue">{} · {}</strong>', due, _("overdue"))
        return due

    @admin.action(description=gettext_lazy("Open a case for each selected report"))
    def open_cases(self, request, queryset):
        if not user_is_intake_staff(request.user):
            raise PermissionDenied
        opened = 0
        for report in queryset.filter(case_link__isnull=True):
            case_open_from_report(report=report, actor=request.user)
            opened += 1
        messages.success(request, _("%(n)d case(s) opened.") % {"n": opened})

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:report_id>/open-case/", wrap(self.open_case_view), name="reports_report_open_case"),
            path(
                "<int:report_id>/add-to-case/", wrap(self.add_to_case_view), name="reports_report_add_to_case"
            ),
            path(
                "<int:report_id>/attachments/<int:attachment_id>/",
                wrap(self.attachment_view),
                name="reports_report_attachment",
            ),
        ] + super().get_urls()

    def _visible_report(self, request, report_id) -> Report:
        return get_object_or_404(self.get_queryset(request), pk=report_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit():
            raise Http404
        report = self._visible_report(request, object_id)
        access_log_record(user=request.user, action=AccessLog.Action.VIEW, obj=report)
        link = CaseReport.objects.filter(report=report).select_related("case").first()
        extra_context = {
            **(extra_context or {}),
            "case_link": link,
            "can_triage": link is None and user_is_intake_staff(request.user),
            "add_to_case_form": AddToCaseForm(user=request.user),
            "attachments": list(Attachment.objects.filter(report=report)),
            "report_messages": list(report.messages.select_related("author")),
            "complaint": getattr(report, "formal_complaint", None),
            "referral": getattr(report, "referral", None),
        }
        # Issue 17: the Clery Act classification, offered at triage (the case's once the report is in one).
        extra_context.update(
            classification_context(request.user, case=link.case if link else None, report=None if link else report)
        )
        return super().change_view(request, object_id, form_url, extra_context)

    def open_case_view(self, request, report_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        report = self._visible_report(request, report_id)
        try:
            case = case_open_from_report(report=report, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
        messages.success(
            request,
            _("Case %(ref)s opened from report %(report)s.")
            % {"ref": case.reference, "report": report.reference},
        )
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))

    def add_to_case_view(self, request, report_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        report = self._visible_report(request, report_id)
        form = AddToCaseForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, _("Choose an open case you work on."))
            return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
        case = form.cleaned_data["case"]
        matches = triage_person_matches(case=case, report=report)
        if matches and request.POST.get("confirm") != "1":
            # "Same person as Alex Morgan (respondent)?" before anyone is added twice.
            context = {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Add report %(report)s to case %(ref)s")
                % {"report": report.reference, "ref": case.reference},
                "report": report,
                "case": case,
                "matches": matches,
            }
            return TemplateResponse(request, "admin/reports/report/add_to_case_confirm.html", context)
        same_as = {
            m["key"]: (m["party"].pk if request.POST.get(f"same_{m['key']}", "same") == "same" else None)
            for m in matches
        }
        try:
            case_report_add(case=case, report=report, actor=request.user, same_as=same_as)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("admin:reports_report_change", args=[report.pk]))
        messages.success(
            request,
            _("Report %(report)s added to case %(ref)s.")
            % {"ref": case.reference, "report": report.reference},
        )
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))

    def attachment_view(self, request, report_id, attachment_id):
        report = self._visible_report(request, report_id)
        attachment = get_object_or_404(Attachment, report=report, pk=attachment_id)
        access_log_record(
            user=request.user, action=AccessLog.Action.DOWNLOAD, obj=attachment, ref=report.reference
        )
        return download(attachment_read(attachment=attachment), attachment.filename, attachment.content_type)
