"""The steps of the non-Title-IX process tracks, as data the Title IX coordinator edits.

The Title IX tracks' steps are fixed by 34 CFR 106.45 (cases.services.tracks.TITLE_IX_STEPS);
the other tracks follow the Committee on Discipline's rules or Policies and Procedures
section 9.8, which the seeds name but do not spell out. Their steps are rows here, seeded
(by a data migration) only with what the seeds name; a step that is a guess says so in
its description.
"""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from .case import ProcessTrack


@pghistory.track()
class TrackStep(models.Model):
    track = models.CharField(_("track"), max_length=20, choices=ProcessTrack.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=200)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What happens, and where the step comes from (say so when it is not in the policy)."),
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("The policy or rules that set this step.")
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("process track step")
        verbose_name_plural = _("process track steps")
        ordering = ["track", "order", "pk"]
        indexes = [
            # The case page: the steps of one track, in order.
            models.Index(fields=["track", "order"], name="trackstep_track_order"),
        ]

    def __str__(self):
        return f"{self.order}. {self.name}"
