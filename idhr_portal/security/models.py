from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionGeneration(models.Model):
    """A per-account counter: a session is valid only while it carries the current value.

    Signing out anywhere increments it, which ends every other session of that account
    at its next request, whatever the session backend and however many sessions exist.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="session_generation",
        verbose_name=_("user"),
    )
    generation = models.PositiveIntegerField(_("generation"), default=0)

    class Meta:
        verbose_name = _("session generation")
        verbose_name_plural = _("session generations")

    def __str__(self):
        return f"{self.user_id}: {self.generation}"
