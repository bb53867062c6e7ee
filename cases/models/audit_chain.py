"""The seals of the audit rows (issue 18, tamper evidence): one row per audit row, written
by a database trigger (cases.audit_chain), chained per table: hash = SHA-256(previous
hash + SHA-256 of the row's canonical content, row_to_json). Never written by Django.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditSeal(models.Model):
    chain = models.CharField(_("chain (table)"), max_length=63)
    row_pk = models.CharField(_("row"), max_length=40)
    content_hash = models.CharField(_("content hash"), max_length=64)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)
    # Set only by the retention purge's own path, which records what it removed.
    purged = models.BooleanField(_("removed by the retention purge"), default=False)
    created_at = models.DateTimeField(_("sealed"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")
        ordering = ["chain", "pk"]
        indexes = [
            # The purge marks a row's seal; audit_verify joins each seal to its row.
            models.Index(fields=["chain", "row_pk"], name="auditseal_chain_row"),
            # The trigger reads the head of one chain (the last seal of a table).
            models.Index(fields=["chain", "-id"], name="auditseal_chain_head"),
        ]

    def __str__(self):
        return f"{self.chain}:{self.row_pk}"
