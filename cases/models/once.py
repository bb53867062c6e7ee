"""One-time form tokens: a staff action posted twice takes effect once (cases/once.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """The first post of a one-time form token, and where its result was shown.

    The token is the primary key: a second post of the same token waits on the first's
    row (PostgreSQL's unique index) and, once that commits, is answered with its result.
    """

    token = models.UUIDField(_("form token"), primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(_("posted to"), max_length=300)
    result_url = models.CharField(_("result shown at"), max_length=500, blank=True)
    # The daily purge deletes the rows older than a day (cases.once.form_submissions_purge).
    created_at = models.DateTimeField(_("posted"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return f"{self.path} {self.created_at:%Y-%m-%d %H:%M}"
