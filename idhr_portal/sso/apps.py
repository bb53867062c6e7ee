from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "idhr_portal.sso"
    label = "idhr_sso"
    verbose_name = "Single sign-on"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deploy checks)
