from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        from . import receivers

        receivers.connect()
        # Issue 18: the audit rows' hash chains and append-only triggers (cases.audit_chain).
        post_migrate.connect(_audit_chain_install, sender=self)


def _audit_chain_install(**kwargs):
    from .audit_chain import audit_chain_install

    audit_chain_install()
