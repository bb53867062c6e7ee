"""Public intake pages: three multi-step forms, the receipt, and the follow-up.

Each step is a real <form> POST that works without JavaScript; the draft waits
in the session (encrypted, see drafts.py) until the final submit, which calls one
service. These views never read REMOTE_ADDR or HTTP_USER_AGENT, never log the
request, and every response carries Cache-Control: no-store (never_cache).
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from . import selectors, services
from .drafts import Draft, draft_discard, draft_load, draft_save, receipt_pop, session_finish
from .forms import (
    MAX_PEOPLE,
    AboutYouForm,
    ComplainantForm,
    FilesForm,
    ImpactedPersonForm,
    JurisdictionForm,
    ReceiptCodeForm,
    ReferralSignInForm,
    ReporterMessageForm,
    SignatureForm,
    SubmitForm,
    WhatHappenedForm,
    contact,
    incident_details,
    party_formset,
)
from .models import Affiliation, Report
from .uploads import request_upload_too_large

FOLLOW_UP_KEY = "reports:follow-up"
PEOPLE_PREFIXES = {"respondents": "respondent", "witnesses": "witness"}


def people_data(data, prefix: str):
    """The formset's data with a sound management form: how many rows is ours to say.

    A missing or tampered TOTAL_FORMS would otherwise show Django's
    "ManagementForm data is missing" message to a person who did nothing wrong.
    """
    if data is None:
        return None
    data = data.copy()
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "1"))
    except (TypeError, ValueError):
        total = 1
    data[f"{prefix}-TOTAL_FORMS"] = str(min(max(total, 1), MAX_PEOPLE))
    data[f"{prefix}-INITIAL_FORMS"] = "0"
    data[f"{prefix}-MIN_NUM_FORMS"] = "1"
    data[f"{prefix}-MAX_NUM_FORMS"] = str(MAX_PEOPLE)
    return data


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    parts: tuple[str, ...]


INCIDENT_STEPS = (
    Step("you", gettext_lazy("About you"), ("about_you",)),
    Step("what-happened", gettext_lazy("What happened"), ("what",)),
    Step("people", gettext_lazy("People involved"), ("respondents", "witnesses")),
    Step("files", gettext_lazy("Files"), ("files",)),
    Step("review", gettext_lazy("Check and send"), ("submit",)),
)
COMPLAINT_STEPS = (
    Step("you", gettext_lazy("About you"), ("complainant",)),
    Step("what-happened", gettext_lazy("What happened"), ("what",)),
    Step("people", gettext_lazy("People involved"), ("respondents", "witnesses")),
    Step("jurisdiction", gettext_lazy("Title IX questions"), ("jurisdiction",)),
    Step("files", gettext_lazy("Files"), ("files",)),
    Step("review", gettext_lazy("Check and sign"), ("signature",)),
)
REFERRAL_STEPS = (
    Step("impacted-person", gettext_lazy("The person impacted"), ("impacted",)),
    Step("what-happened", gettext_lazy("What was shared"), ("what",)),
    Step("people", gettext_lazy("Alleged perpetrator and witnesses"), ("respondents", "witnesses")),
    Step("review", gettext_lazy("Check and send"), ("submit",)),
)

# Who has access, in the words of the reporting options (seed 000).
ACCESS_TEXT = {
    Report.Kind.INCIDENT: gettext_lazy(
        "IDHR Office staff will have access to this information and may share it, if appropriate, with the "
        "Bias Response Team. This information will not be shared publicly, nor will it be published in any "
        "external documents of IDHR."
    ),
    Report.Kind.COMPLAINT: gettext_lazy(
        "IDHR Office staff will have access to this information and may share it, if appropriate, "
        "to implement "
        "supportive measures. This information will not be shared publicly, nor will it be published in any "
        "external documents of IDHR."
    ),
    Report.Kind.REFERRAL: gettext_lazy(
        "IDHR Office staff will have access to this information. "
        "This information will not be shared publicly, "
        "nor will it be published in any external documents of IDHR."
    ),
}


class IntakeFlow(View):
    """One multi-step form. Subclasses name the kind, the steps and the service call."""

    kind: str = Report.Kind.INCIDENT
    steps: tuple[Step, ...] = INCIDENT_STEPS
    url_name = "reports:report"
    title = gettext_lazy("Report an incident")
    template_name = "reports/step.html"

    # --- plumbing ---------------------------------------------------------------

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def step_url(self, step: Step) -> str:
        if step is self.steps[0]:
            return reverse(self.url_name)
        return reverse(f"{self.url_name}_step", args=[step.slug])

    def step_for(self, slug: str | None) -> Step | None:
        if slug is None:
            return self.steps[0]
        return next((s for s in self.steps if s.slug == slug), None)

    def first_open_step(self, draft: Draft | None) -> Step:
        done = set(draft.done if draft else [])
        for step in self.steps:
            if step.slug not in done:
                return step
        return self.steps[-1]

    def reachable(self, step: Step, draft: Draft | None) -> bool:
        index = self.steps.index(step)
        done = set(draft.done if draft else [])
        return all(s.slug in done for s in self.steps[:index])

    def part(self, name: str, data, draft: Draft, files=None):
        """The form (or formset) called `name`, bound to `data` when there is any."""
        kw = {"kind": self.kind}
        if name == "about_you":
            return AboutYouForm(data, **kw)
        if name == "complainant":
            return ComplainantForm(data, **kw)
        if name == "impacted":
            return ImpactedPersonForm(data, **kw)
        if name == "what":
            return WhatHappenedForm(data, **kw)
        if name in ("respondents", "witnesses"):
            prefix = PEOPLE_PREFIXES[name]
            formset = party_formset(
                prefix=prefix, require_named=(name == "respondents" and self.kind == Report.Kind.COMPLAINT)
            )
            return formset(people_data(data, prefix), prefix=prefix, kind=self.kind)
        if name == "jurisdiction":
            return JurisdictionForm(data, **kw)
        if name == "files":
            return FilesForm(data, files, **kw)
        if name == "submit":
            return SubmitForm(data, expected_token=draft.token, **kw)
        if name == "signature":
            complainant = self.cleaned_step(draft, self.steps[0]).get("complainant")
            name_given = complainant.cleaned_data.get("name", "") if complainant else ""
            return SignatureForm(data, expected_token=draft.token, complainant_name=name_given, **kw)
        raise KeyError(name)

    def forms_for(self, step: Step, draft: Draft, data=None, files=None) -> dict:
        stored = draft.data.get(step.slug)
        if data is None and stored:
            data = MultiValueDict(stored)
        return {name: self.part(name, data, draft, files) for name in step.parts}

    def cleaned_step(self, draft: Draft, step: Step) -> dict:
        """The step's forms bound to what the draft holds, validated (empty dict if invalid)."""
        forms = self.forms_for(step, draft, data=MultiValueDict(draft.data.get(step.slug, {})))
        return forms if all(f.is_valid() for f in forms.values()) else {}

    @staticmethod
    def raw_data(post, forms: dict) -> dict[str, list[str]]:
        """What was typed into this step's fields, and nothing else (kept in the draft)."""
        keys = set()
        for form in forms.values():
            if hasattr(form, "management_form"):
                keys |= {form.management_form.add_prefix(n) for n in form.management_form.fields}
                for index in range(MAX_PEOPLE):
                    keys |= {
                        f"{form.prefix}-{index}-{n}" for n in ("name", "email", "affiliation", "details")
                    }
            else:
                keys |= {form.add_prefix(n) for n in form.fields if n not in ("token", "files")}
        return {k: [v[:200_000] for v in post.getlist(k)][:50] for k in keys if k in post}

    # --- GET ---------------------------------------------------------------------

    def get(self, request, step_slug=None):
        step = self.step_for(step_slug)
        if step is None:
            return redirect(self.url_name)
        draft = draft_load(request, self.kind)
        if draft is None:
            if step is not self.steps[0]:
                messages.info(request, _("Your answers were cleared or have expired. Please start again."))
                return redirect(self.url_name)
            draft = Draft(kind=self.kind)
        if not self.reachable(step, draft):
            return redirect(self.step_url(self.first_open_step(draft)))
        return self.render_step(request, step, draft, self.forms_for(step, draft), show_errors=False)

    # --- POST --------------------------------------------------------------------

    def post(self, request, step_slug=None):
        step = self.step_for(step_slug)
        if step is None:
            return redirect(self.url_name)
        draft = draft_load(request, self.kind)
        if draft is None:
            if step is not self.steps[0]:
                messages.info(request, _("Your answers were cleared or have expired. Please start again."))
                return redirect(self.url_name)
            draft = Draft(kind=self.kind)
        if not self.reachable(step, draft):
            return redirect(self.step_url(self.first_open_step(draft)))
        action = request.POST.get("action", "next")
        if action == "discard":
            draft_discard(request, draft)
            messages.success(request, _("Your answers have been cleared from this device."))
            return redirect(self.url_name)

        forms = self.forms_for(step, draft, data=request.POST, files=request.FILES)
        if "submit" not in step.parts and "signature" not in step.parts:
            draft.data[step.slug] = self.raw_data(request.POST, forms)
        index = self.steps.index(step)

        if action == "back" and index > 0:
            draft_save(request, draft)
            return redirect(self.step_url(self.steps[index - 1]))
        if action in ("add_respondent", "add_witness"):
            prefix = action.removeprefix("add_")
            total_key = f"{prefix}-TOTAL_FORMS"
            stored = draft.data.setdefault(step.slug, {})
            try:
                total = int((stored.get(total_key) or ["1"])[0])
            except ValueError:
                total = 1
            stored[total_key] = [str(min(max(total, 1) + 1, MAX_PEOPLE))]
            draft_save(request, draft)
            return HttpResponseRedirect(f"{self.step_url(step)}#{prefix}-{min(total, MAX_PEOPLE - 1)}")
        if action.startswith("remove_file:"):
            file_id = action.split(":", 1)[1]
            keep = [f for f in draft.files if f["id"] != file_id]
            services.staged_files_discard(
                staged=[services.StagedFile(**f) for f in draft.files if f["id"] == file_id]
            )
            draft.files = keep
            draft_save(request, draft)
            return redirect(self.step_url(step))
        if "files" in step.parts and not self.stage_uploads(request, forms["files"], draft):
            draft_save(request, draft)
            return self.render_step(request, step, draft, forms, show_errors=True)
        if "submit" in step.parts or "signature" in step.parts:
            return self.final_submit(request, step, draft, forms)

        if all(form.is_valid() for form in forms.values()):
            if step.slug not in draft.done:
                draft.done.append(step.slug)
            draft_save(request, draft)
            if action == "upload":
                return redirect(self.step_url(step))
            return redirect(self.step_url(self.steps[index + 1]))
        # Keep what was typed even when it has errors; the step is not complete.
        draft.done = [s for s in draft.done if s != step.slug]
        draft_save(request, draft)
        return self.render_step(request, step, draft, forms, show_errors=True)

    def stage_uploads(self, request, form, draft: Draft) -> bool:
        """Check and stage the files sent with this request; False when one was refused."""
        if request_upload_too_large(request):
            form.add_error(
                "files",
                _(
                    "These files are too large together: the limit is %(count)s files of %(size)s MB each. "
                    "Please send fewer or smaller files."
                )
                % {
                    "count": settings.REPORTS_MAX_ATTACHMENTS,
                    "size": settings.REPORTS_ATTACHMENT_MAX_SIZE // 1048576,
                },
            )
            return False
        uploads = [u for u in request.FILES.getlist("files") if u]
        ok = True
        room = settings.REPORTS_MAX_ATTACHMENTS - len(draft.files)
        if len(uploads) > room:
            form.add_error(
                "files",
                _("You can attach up to %(count)s files in all. Please remove one before adding another.")
                % {"count": settings.REPORTS_MAX_ATTACHMENTS},
            )
            uploads, ok = uploads[: max(room, 0)], False
        for upload in uploads:
            try:
                staged = services.attachment_stage(upload=upload)
            except ValidationError as exc:
                form.add_error("files", exc)
                ok = False
            else:
                draft.files.append(services.staged_file_to_dict(staged))
        return ok

    def final_submit(self, request, step: Step, draft: Draft, forms: dict):
        previous = {}
        for earlier in self.steps[:-1]:
            cleaned = self.cleaned_step(draft, earlier)
            if not cleaned:
                draft.done = [s for s in draft.done if s != earlier.slug]
                draft_save(request, draft)
                messages.error(request, _("Please check this step again."))
                return redirect(self.step_url(earlier))
            previous.update(cleaned)
        submit_form = next(iter(forms.values()))
        if request.POST.get("action") == "back":
            return redirect(self.step_url(self.steps[-2]))
        if not submit_form.is_valid():
            return self.render_step(request, step, draft, forms, show_errors=True)
        try:
            self.submit(request, draft, previous, submit_form.cleaned_data)
        except services.ReportAlreadySubmitted:
            pass  # a repeated click: the report exists once; show its receipt again
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = field if field in submit_form.fields else None
                for error in errors:
                    submit_form.add_error(target, error)
            return self.render_step(request, step, draft, forms, show_errors=True)
        except PermissionDenied:
            return referral_not_allowed(request)
        services.staged_files_discard(staged=draft.staged)
        session_finish(request, receipt={"code": draft.receipt_code, "kind": self.kind})
        return redirect(f"{self.url_name}_receipt")

    def submit(self, request, draft: Draft, forms: dict, final: dict) -> Report:
        you = forms["about_you"].cleaned_data
        return services.incident_report_submit(
            receipt_code=draft.receipt_code,
            details=self.details(forms),
            is_anonymous=you["identity"] == AboutYouForm.ANONYMOUS,
            relationship=you["relationship"],
            reporter=contact(you),
            wants_follow_up=bool(you.get("wants_follow_up")),
            attachments=draft.staged,
        )

    @staticmethod
    def details(forms: dict):
        return incident_details(
            forms["what"].cleaned_data, forms["respondents"].parties(), forms["witnesses"].parties()
        )

    # --- rendering ---------------------------------------------------------------------

    def render_step(self, request, step: Step, draft: Draft, forms: dict, *, show_errors: bool):
        index = self.steps.index(step)
        context = {
            "flow": self,
            "kind": self.kind,
            "title": self.title,
            "step": step,
            "step_number": index + 1,
            "step_count": len(self.steps),
            "steps": [
                {"title": s.title, "number": i + 1, "current": s is step, "done": s.slug in draft.done}
                for i, s in enumerate(self.steps)
            ],
            "forms": forms,
            "show_errors": show_errors,
            "error_summary": error_summary(forms) if show_errors else [],
            "staged_files": draft.files,
            "is_first": index == 0,
            "is_last": index == len(self.steps) - 1,
            "max_people": MAX_PEOPLE,
            "access_text": ACCESS_TEXT[self.kind],
            "action_url": request.path,
            "token": draft.token,
        }
        if index == len(self.steps) - 1:
            context["summary"] = self.review_summary(draft)
        return render(request, self.template_name, context, status=200)

    def review_summary(self, draft: Draft) -> list[dict]:
        sections = []
        for step in self.steps[:-1]:
            forms = self.cleaned_step(draft, step)
            rows = []
            for name, form in forms.items():
                if hasattr(form, "management_form"):
                    label = _("Respondent") if name == "respondents" else _("Witness")
                    if self.kind == Report.Kind.REFERRAL and name == "respondents":
                        label = _("Alleged perpetrator")
                    parties = form.parties()
                    for number, party in enumerate(parties, start=1):
                        affiliation = (
                            Affiliation(party.affiliation).label
                            if party.affiliation in Affiliation.values
                            else ""
                        )
                        value = ", ".join(
                            str(v) for v in (party.name, party.email, affiliation, party.details) if v
                        )
                        rows.append({"label": f"{label} {number}", "value": value})
                    if not parties:
                        rows.append({"label": label, "value": _("None given")})
                else:
                    rows.extend(form_rows(form))
            if step.parts == ("files",):
                rows = [{"label": _("File"), "value": f["filename"]} for f in draft.files] or [
                    {"label": _("Files"), "value": _("None")}
                ]
            sections.append({"title": step.title, "url": self.step_url(step), "rows": rows})
        return sections


def form_rows(form) -> list[dict]:
    """Label and human-readable value of each answered field of a checked form."""
    rows = []
    data = form.cleaned_data
    if isinstance(form, AboutYouForm) and data.get("identity") == AboutYouForm.ANONYMOUS:
        hidden = set(AboutYouForm.named_fields)
    else:
        hidden = set()
    if isinstance(form, WhatHappenedForm):
        precision = data.get("date_precision")
        hidden |= {"incident_date", "incident_month", "date_text"} - {
            {"exact": "incident_date", "month": "incident_month", "range": "date_text"}.get(precision, "")
        }
    for name, field in form.fields.items():
        if name in hidden or name in ("token", "files"):
            continue
        value = data.get(name)
        if value in (None, "", []) or (value is False and name != "wants_follow_up"):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        if isinstance(value, list):
            shown = ", ".join(str(choices.get(v, v)) for v in value)
        elif isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif name == "incident_month" and value:
            shown = value.strftime("%B %Y")
        elif hasattr(value, "isoformat"):
            shown = value.isoformat()
        else:
            shown = str(choices.get(value, value))
        rows.append({"label": field.label, "value": shown})
    return rows


def error_summary(forms: dict) -> list[dict]:
    """Every error of the step, each linked to its field (shown at the top of the page)."""
    items = []

    def add(form):
        for name, errors in form.errors.items():
            if name == "__all__":
                target = ""
            else:
                target = form[name].id_for_label or form[name].auto_id
            for error in errors:
                items.append({"target": target, "message": error})

    for form in forms.values():
        if hasattr(form, "management_form"):
            for error in form.non_form_errors():
                first = form.forms[0][("name")].auto_id if form.forms else ""
                items.append({"target": first, "message": error})
            for sub in form.forms:
                add(sub)
        else:
            add(form)
    return items


class IncidentReportView(IntakeFlow):
    pass


class FormalComplaintView(IntakeFlow):
    kind = Report.Kind.COMPLAINT
    steps = COMPLAINT_STEPS
    url_name = "reports:complaint"
    title = gettext_lazy("File a formal complaint")

    def submit(self, request, draft, forms, final):
        jurisdiction = forms["jurisdiction"].cleaned_data
        you = forms["complainant"].cleaned_data
        return services.formal_complaint_submit(
            receipt_code=draft.receipt_code,
            complainant=contact(you),
            respondent_type=you["respondent_type"],
            details=self.details(forms),
            in_education_program=jurisdiction["in_education_program"],
            occurred_in_mit_program=jurisdiction["occurred_in_mit_program"],
            occurred_in_us=jurisdiction["occurred_in_us"],
            signature_name=final["signature_name"],
            attested=final["attested"],
            attachments=draft.staged,
        )


class ReferralView(IntakeFlow):
    kind = Report.Kind.REFERRAL
    steps = REFERRAL_STEPS
    url_name = "reports:referral"
    title = gettext_lazy("Refer an incident to IDHR")

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('reports:referral_sign_in')}?next={reverse('reports:referral')}")
        if not services.user_is_responsible_employee(request.user):
            return referral_not_allowed(request)
        return super().dispatch(request, *args, **kwargs)

    def submit(self, request, draft, forms, final):
        impacted = forms["impacted"].cleaned_data
        return services.referral_submit(
            receipt_code=draft.receipt_code,
            referrer=request.user,
            referrer_role=impacted["referrer_role"],
            impacted=contact(impacted, prefix="impacted_"),
            details=self.details(forms),
        )


@never_cache
def referral_not_allowed(request):
    return render(request, "reports/referral_not_allowed.html", status=403)


@method_decorator(never_cache, name="dispatch")
class ReferralSignInView(LoginView):
    template_name = "reports/referral_sign_in.html"
    authentication_form = ReferralSignInForm
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return reverse("reports:referral")


@never_cache
def receipt(request, kind: str):
    """The receipt code, shown once: it is removed from the session as it is shown."""
    data = receipt_pop(request)
    if data is None or data.get("kind") != kind:
        return render(request, "reports/receipt_gone.html", status=200)
    code = data["code"]
    return render(
        request,
        "reports/receipt.html",
        {"code": code, "code_groups": code.split("-"), "kind": kind, "access_text": ACCESS_TEXT[kind]},
    )


# --- Follow-up with a receipt code --------------------------------------------------------------


def _follow_up_report(request) -> Report | None:
    state = request.session.get(FOLLOW_UP_KEY)
    if not isinstance(state, dict):
        return None
    if time.time() - state.get("seen", 0) > settings.REPORTS_FOLLOW_UP_IDLE_SECONDS:
        request.session.pop(FOLLOW_UP_KEY, None)
        return None
    report = selectors.report_get(report_id=state.get("report"))
    if report is None:
        request.session.pop(FOLLOW_UP_KEY, None)
        return None
    state["seen"] = time.time()
    request.session[FOLLOW_UP_KEY] = state
    if not request.user.is_authenticated:
        request.session.set_expiry(settings.REPORTS_FOLLOW_UP_IDLE_SECONDS)
    return report


STATUS_TEXT = {
    Report.Status.RECEIVED: gettext_lazy(
        "Received. IDHR has your report and will review it. Nothing has been decided yet."
    ),
    Report.Status.UNDER_REVIEW: gettext_lazy(
        "Under review. IDHR staff are looking at your report and may write to you here."
    ),
    Report.Status.CLOSED: gettext_lazy(
        "Closed. IDHR has finished its work on this report. You can still send a message here."
    ),
}


def _render_follow_up(request, report, *, message_form=None, status=200):
    return render(
        request,
        "reports/follow_up.html",
        {
            "report": report,
            "status_text": STATUS_TEXT[report.status],
            "conversation": selectors.reporter_messages(report=report),
            "message_form": message_form or ReporterMessageForm(),
            "idle_minutes": settings.REPORTS_FOLLOW_UP_IDLE_SECONDS // 60,
        },
        status=status,
    )


@never_cache
def follow_up(request):
    """GET: the code form, or the report when a follow-up session is open. POST: open one."""
    if request.method == "POST":
        form = ReceiptCodeForm(request.POST)
        if not form.is_valid():
            return render(request, "reports/follow_up_sign_in.html", {"form": form}, status=200)
        try:
            report = services.receipt_code_verify(code=form.cleaned_data["code"])
        except services.FollowUpUnavailable:
            form.add_error(
                "code", _("Following up is not available right now. Please try again in a few minutes.")
            )
            return render(request, "reports/follow_up_sign_in.html", {"form": form}, status=503)
        except services.FollowUpRateLimited:
            form.add_error("code", _("Too many attempts right now. Please wait a minute and try again."))
            return render(request, "reports/follow_up_sign_in.html", {"form": form}, status=429)
        if report is None:
            form.add_error(
                "code",
                _(
                    "We could not open a report with that code. Please check it and try again: "
                    "the code has 25 letters and numbers."
                ),
            )
            return render(request, "reports/follow_up_sign_in.html", {"form": form}, status=200)
        request.session.cycle_key()
        request.session[FOLLOW_UP_KEY] = {"report": report.pk, "seen": time.time()}
        if not request.user.is_authenticated:
            request.session.set_expiry(settings.REPORTS_FOLLOW_UP_IDLE_SECONDS)
        return redirect("reports:follow_up")
    report = _follow_up_report(request)
    if report is None:
        return render(request, "reports/follow_up_sign_in.html", {"form": ReceiptCodeForm()})
    return _render_follow_up(request, report)


@never_cache
def follow_up_message(request):
    if request.method != "POST":
        return redirect("reports:follow_up")
    report = _follow_up_report(request)
    if report is None:
        messages.info(
            request, _("For your privacy you were signed out. Please enter your receipt code again.")
        )
        return redirect("reports:follow_up")
    form = ReporterMessageForm(request.POST)
    if form.is_valid():
        try:
            services.reporter_message_add(report=report, body=form.cleaned_data["body"])
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error("body", error)
        else:
            messages.success(request, _("Your message was sent to IDHR."))
            return redirect("reports:follow_up")
    return _render_follow_up(request, report, message_form=form)


@never_cache
def follow_up_sign_out(request):
    if request.method == "POST":
        if request.user.is_authenticated:
            request.session.pop(FOLLOW_UP_KEY, None)
        else:
            request.session.flush()
        messages.success(request, _("You have left your report. Use your receipt code to come back."))
    return redirect("reports:follow_up")
