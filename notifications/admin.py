"""The outbox in the admin: Title IX coordinators (and superusers) only.

Rows are read-only except drafts (referral outreach), which a coordinator may
edit and send. Failed rows can be resent; the changelist says how many failed.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from idhr_portal import roles

from . import selectors, services
from .models import Notification

is_outbox_reader = roles.user_is_outbox_reader


class RecipientsField(forms.CharField):
    """Addresses separated by commas or new lines."""

    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Enter at least one email address."), code="required")
        for address in value:
            validate_email(address)


class DraftForm(forms.ModelForm):
    subject = forms.CharField(label=_("Subject"), max_length=255)
    recipients = RecipientsField(
        label=_("To"),
        help_text=_("Email addresses, separated by commas."),
        widget=forms.TextInput(attrs={"size": 60}),
    )
    body_text = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 20, "cols": 90}),
        help_text=_("Plain text. Do not add details of the report or anyone's name."),
    )

    class Meta:
        model = Notification
        fields = ["recipients", "subject", "body_text"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "reference",
        "status",
        "attempts",
        "recipient_count",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["status", "event"]
    # An exact reference uses its index; object refs are "app.model:pk".
    search_fields = ["=reference", "object_ref"]
    date_hierarchy = "created_at"
    list_select_related = ["released_by"]
    actions = ["resend_failed", "send_drafts"]
    readonly_fields = [
        "event",
        "status",
        "reference",
        "object_ref",
        "recipients_display",
        "reply_to",
        "subject",
        "body_text_display",
        "body_html_display",
        "attempts",
        "next_attempt_at",
        "last_error_display",
        "created_at",
        "sent_at",
        "failed_at",
        "released_by",
    ]

    # --- who sees the outbox ---------------------------------------------------
    def has_module_permission(self, request):
        return is_outbox_reader(request.user)

    def has_view_permission(self, request, obj=None):
        return is_outbox_reader(request.user)

    def has_change_permission(self, request, obj=None):
        # The change view of a draft is where it is edited; other rows are read-only.
        return is_outbox_reader(request.user) and (obj is None or obj.status == Notification.Status.DRAFT)

    def has_resend_permission(self, request):
        return is_outbox_reader(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is the record of what was sent

    # --- the form: drafts are editable, everything else is read-only -----------
    def _is_draft(self, obj) -> bool:
        return obj is not None and obj.status == Notification.Status.DRAFT

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._is_draft(obj):
            kwargs["form"] = DraftForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if self._is_draft(obj):
            return [
                f
                for f in self.readonly_fields
                if f not in ("subject", "recipients_display", "body_text_display", "body_html_display")
            ]
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        if self._is_draft(obj):
            return ["status", "reference", "object_ref", "recipients", "subject", "body_text", "created_at"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.notification_draft_update(
            notification=obj,
            subject=data["subject"],
            body_text=data["body_text"],
            recipients=data["recipients"],
        )

    def response_change(self, request, obj):
        if "_send" in request.POST:
            if services.notification_draft_send(notification=obj, actor=request.user):
                self.message_user(request, _("The email is on its way."), messages.SUCCESS)
            return self.response_post_save_change(request, obj)
        return super().response_change(request, obj)

    # --- read-only displays ------------------------------------------------------
    @admin.display(description=_("recipients"))
    def recipient_count(self, obj):
        return len(obj.recipients or [])

    @admin.display(description=_("recipients"))
    def recipients_display(self, obj):
        return ", ".join(obj.recipients or [])

    @admin.display(description=_("plain-text body"))
    def body_text_display(self, obj):
        return format_html("<pre>{}</pre>", obj.body_text)

    @admin.display(description=_("HTML body (source)"))
    def body_html_display(self, obj):
        return format_html("<pre>{}</pre>", obj.body_html)

    @admin.display(description=_("last error"))
    def last_error_display(self, obj):
        return format_html("<pre>{}</pre>", obj.last_error) if obj.last_error else "—"

    # --- actions -------------------------------------------------------------------
    @admin.action(description=_("Resend the selected failed notifications"), permissions=["resend"])
    def resend_failed(self, request, queryset):
        count = 0
        for notification in queryset.filter(status=Notification.Status.FAILED):
            count += services.notification_resend(notification=notification, actor=request.user)
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext("%(count)d notification queued again.", "%(count)d notifications queued again.", count)
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected notification was not failed and was left alone.",
                    "%(count)d selected notifications were not failed and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Send the selected drafts"), permissions=["resend"])
    def send_drafts(self, request, queryset):
        count = 0
        with transaction.atomic():
            for notification in queryset.filter(status=Notification.Status.DRAFT):
                count += services.notification_draft_send(notification=notification, actor=request.user)
        self.message_user(
            request,
            ngettext("%(count)d draft sent.", "%(count)d drafts sent.", count) % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    # --- the alert -----------------------------------------------------------------
    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            self._warn_about_delivery(request)
        return super().changelist_view(request, extra_context)

    def _warn_about_delivery(self, request):
        changelist = reverse("admin:notifications_notification_changelist")
        failed = selectors.notification_failed_count()
        if failed:
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}?status__exact=failed">{}</a>',
                    ngettext(
                        "%(count)d notification could not be delivered.",
                        "%(count)d notifications could not be delivered.",
                        failed,
                    )
                    % {"count": failed},
                    changelist,
                    _("Show failed notifications"),
                ),
                messages.ERROR,
            )
        stuck = selectors.notification_stuck().count()
        if stuck:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notification has been waiting to be sent for more than %(minutes)d minutes: "
                    "check the Celery worker, Redis and the mail server.",
                    "%(count)d notifications have been waiting to be sent for more than %(minutes)d minutes: "
                    "check the Celery worker, Redis and the mail server.",
                    stuck,
                )
                % {"count": stuck, "minutes": int(settings.NOTIFICATION_SWEEP_GRACE * 2 + 60) // 60},
                messages.WARNING,
            )
        drafts = selectors.notification_draft_count()
        if drafts:
            self.message_user(
                request,
                format_html(
                    '{} <a href="{}?status__exact=draft">{}</a>',
                    ngettext(
                        "%(count)d outreach draft is waiting for review.",
                        "%(count)d outreach drafts are waiting for review.",
                        drafts,
                    )
                    % {"count": drafts},
                    changelist,
                    _("Show drafts"),
                ),
                messages.INFO,
            )
