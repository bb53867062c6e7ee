"""The step engine: one multi-step form, each step a real <form> POST.

Each step works without JavaScript; the draft waits in the session (encrypted,
see drafts.py) until the final submit, which calls one service through the
flow's `submit`. The flows themselves (which steps, which service) are the views
in reports.views.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from .. import services
from ..forms import (
    MAX_PEOPLE,
    AboutYouForm,
    ComplainantForm,
    FilesForm,
    ImpactedPersonForm,
    JurisdictionForm,
    SignatureForm,
    SubmitForm,
    WhatHappenedForm,
    incident_details,
    party_formset,
)
from ..models import Report
from ..uploads import request_upload_too_large
from .drafts import Draft, draft_discard, draft_load, draft_save, receipt_load, session_finish
from .errors import error_summary
from .review import review_summary
from .steps import ACCESS_TEXT, PEOPLE_PREFIXES, Step, people_data


class IntakeFlow(View):
    """One multi-step form. Subclasses name the kind, the steps and the service call."""

    kind: str
    steps: tuple[Step, ...]
    url_name: str
    title: str
    template_name = "reports/step.html"
    # "step": a step of the form; "clear": the page that asks before clearing the
    # answers; "keep": the endpoint the timeout warning calls to keep the draft.
    mode = "step"

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
                hidden = form.hidden_by_choice() if hasattr(form, "hidden_by_choice") else set()
                keys |= {
                    form.add_prefix(n) for n in form.fields if n not in ("token", "files") and n not in hidden
                }
        return {k: [v[:200_000] for v in post.getlist(k)][:50] for k in keys if k in post}

    # --- GET ---------------------------------------------------------------------

    def get(self, request, step_slug=None):
        if self.mode == "keep":
            return HttpResponseNotAllowed(["POST"])
        if self.mode == "clear":
            return self.clear_confirm(request)
        step = self.step_for(step_slug)
        if step is None:
            return redirect(self.url_name)
        draft = draft_load(request, self.kind)
        if draft is None and step is not self.steps[0] and (receipt_load(request) or {}).get("kind") == self.kind:
            # Back from the receipt: the answers were sent, not lost; show the code again.
            messages.info(request, _("This has already been sent. Here is your receipt code again."))
            return redirect(f"{self.url_name}_receipt")
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
        if self.mode == "keep":
            return self.keep_alive(request)
        if self.mode == "clear":
            return self.clear(request)
        step = self.step_for(step_slug)
        if step is None:
            return redirect(self.url_name)
        final = "submit" in step.parts or "signature" in step.parts
        draft = draft_load(request, self.kind)
        if draft is None and final and (receipt_load(request) or {}).get("kind") == self.kind:
            return redirect(f"{self.url_name}_receipt")  # the second click of a double click
        if draft is None:
            draft = Draft(kind=self.kind)
            if step is not self.steps[0]:
                return self.expired(request, step, draft)
        action = request.POST.get("action", "next")
        forms = self.forms_for(step, draft, data=request.POST, files=request.FILES)
        if not final:
            # What was posted is kept, whatever happens next (errors, Back, clearing).
            draft.data[step.slug] = self.raw_data(request.POST, forms)
        if not self.reachable(step, draft):
            draft_save(request, draft)
            return redirect(self.step_url(self.first_open_step(draft)))
        if action == "discard":
            draft_save(request, draft)
            return redirect(f"{reverse(self.url_name + '_clear')}?step={step.slug}")
        index = self.steps.index(step)
        change = "?change=1" if request.GET.get("change") else ""  # came from "Check and send"
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
            return HttpResponseRedirect(f"{self.step_url(step)}{change}#{prefix}-{min(total, MAX_PEOPLE - 1)}")
        if action.startswith("remove_file:"):
            file_id = action.split(":", 1)[1]
            keep = [f for f in draft.files if f["id"] != file_id]
            services.staged_files_discard(
                staged=[services.StagedFile(**f) for f in draft.files if f["id"] == file_id]
            )
            draft.files = keep
            draft_save(request, draft)
            return redirect(self.step_url(step) + change)
        if "files" in step.parts and not self.stage_uploads(request, forms["files"], draft):
            draft_save(request, draft)
            return self.render_step(request, step, draft, forms, show_errors=True)
        if final:
            return self.final_submit(request, step, draft, forms)

        if all(form.is_valid() for form in forms.values()):
            if step.slug not in draft.done:
                draft.done.append(step.slug)
            draft_save(request, draft)
            if action == "upload":
                return redirect(self.step_url(step) + change)
            if change and self.reachable(self.steps[-1], draft):
                # "Change" on "Check and send": saving the changed step goes straight back there.
                return redirect(self.step_url(self.steps[-1]))
            return redirect(self.step_url(self.steps[index + 1]))
        # Keep what was typed even when it has errors; the step is not complete.
        draft.done = [s for s in draft.done if s != step.slug]
        draft_save(request, draft)
        return self.render_step(request, step, draft, forms, show_errors=True)

    def expired(self, request, step: Step, draft: Draft):
        """The draft expired: keep the page that was just posted and say so plainly."""
        if "submit" in step.parts or "signature" in step.parts or "files" in step.parts:
            messages.info(request, _("Your answers were cleared or have expired. Please start again."))
            return redirect(self.url_name)
        forms = self.forms_for(step, draft, data=request.POST)
        draft.data[step.slug] = self.raw_data(request.POST, forms)
        draft_save(request, draft)
        return self.render_step(request, step, draft, forms, show_errors=False, expired=True)

    def keep_alive(self, request):
        """The timeout warning's one action: the draft is kept for another idle period."""
        draft = draft_load(request, self.kind)
        if draft is None:
            return JsonResponse({"kept": False}, status=410)
        draft_save(request, draft)
        return JsonResponse({"kept": True, "seconds": settings.REPORTS_DRAFT_IDLE_SECONDS})

    def clear_confirm(self, request):
        """Clearing the answers is asked on a page of its own (a form, so no JavaScript is needed)."""
        step = self.step_for(request.GET.get("step")) or self.steps[0]
        return render(
            request,
            "reports/clear_confirm.html",
            {"title": self.title, "back_url": self.step_url(step), "action_url": request.path},
        )

    def clear(self, request):
        draft = draft_load(request, self.kind)
        if draft is not None:
            draft_discard(request, draft)
        messages.success(request, _("Your answers have been cleared from this device."))
        return redirect(self.url_name)

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
        except PermissionDenied as exc:
            return self.not_allowed(request, exc)
        services.staged_files_discard(staged=draft.staged)
        session_finish(
            request,
            receipt={"code": draft.receipt_code, "kind": self.kind, "variant": self.receipt_variant(previous)},
        )
        return redirect(f"{self.url_name}_receipt")

    def submit(self, request, draft: Draft, forms: dict, final: dict) -> Report:
        """File the report with one service call; `forms` are every earlier step's checked forms."""
        raise NotImplementedError

    def receipt_variant(self, forms: dict) -> str:
        """Which "what happens next" the receipt shows (a flow with several overrides it)."""
        return self.kind

    def not_allowed(self, request, exc: PermissionDenied):
        """The answer when the service refuses the person (a flow may show its own page)."""
        raise exc

    @staticmethod
    def details(forms: dict):
        return incident_details(
            forms["what"].cleaned_data, forms["respondents"].parties(), forms["witnesses"].parties()
        )

    # --- rendering ---------------------------------------------------------------------

    def render_step(
        self, request, step: Step, draft: Draft, forms: dict, *, show_errors: bool, expired: bool = False
    ):
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
            "action_url": request.path + ("?change=1" if request.GET.get("change") else ""),
            "token": draft.token,
            "expired": expired,
            "idle_seconds": settings.REPORTS_DRAFT_IDLE_SECONDS,
            "idle_minutes": max(1, settings.REPORTS_DRAFT_IDLE_SECONDS // 60),
            "warn_seconds": settings.REPORTS_DRAFT_WARN_SECONDS,
            "keep_url": reverse(f"{self.url_name}_keep"),
            "clear_url": reverse(f"{self.url_name}_clear"),
        }
        if index == len(self.steps) - 1:
            context["summary"] = review_summary(self, draft)
        return render(request, self.template_name, context, status=200)
