"""Following up with a receipt code: the report's status, and messages both ways.

A follow-up session ends after REPORTS_FOLLOW_UP_IDLE_SECONDS idle; an anonymous
reporter's whole session ends with it. Which report a session is on is kept as one
Fernet token, like the drafts: django_session never says "a browser was on report N".
"""

import json
import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from idhr_portal.client_buckets import address_of
from idhr_portal.crypto import InvalidToken, decrypt_str, encrypt_str

from .. import selectors, services
from ..forms import ReceiptCodeForm, ReporterMessageForm
from ..models import Report

FOLLOW_UP_KEY = "reports:follow-up"


def _follow_up_save(request, report_id: int) -> None:
    request.session[FOLLOW_UP_KEY] = encrypt_str(json.dumps({"report": report_id, "seen": time.time()}))


def _follow_up_report(request) -> Report | None:
    token = request.session.get(FOLLOW_UP_KEY)
    if not token:
        return None
    try:
        state = json.loads(decrypt_str(token))
        report_id, seen = int(state["report"]), float(state["seen"])
    except (InvalidToken, ValueError, TypeError, KeyError):
        request.session.pop(FOLLOW_UP_KEY, None)
        return None
    if time.time() - seen > settings.REPORTS_FOLLOW_UP_IDLE_SECONDS:
        request.session.pop(FOLLOW_UP_KEY, None)
        return None
    report = selectors.report_get(report_id=report_id)
    if report is None:
        request.session.pop(FOLLOW_UP_KEY, None)
        return None
    _follow_up_save(request, report.pk)
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
            report = services.receipt_code_verify(
                code=form.cleaned_data["code"],
                client=address_of(request, settings.REPORTS_CLIENT_ADDRESS_META),
            )
        except services.FollowUpUnavailable:
            form.add_error(
                "code", _("Following up is not available right now. Please try again in a few minutes.")
            )
            return render(request, "reports/follow_up_sign_in.html", {"form": form}, status=503)
        except services.FollowUpRateLimited:
            form.add_error("code", _("Too many attempts right now. Please wait a few minutes and try again."))
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
        _follow_up_save(request, report.pk)
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
