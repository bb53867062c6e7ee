"""The staff site: Django's AdminSite with the case dashboard on its index page.

Installed as the default site by idhr_portal.apps.IDHRAdminConfig (INSTALLED_APPS),
so `admin.site` and `@admin.register` everywhere use it. It lives beside the
cases/admin/ package, not in it: Django imports this module when `admin.site` is
first used, which is while the admin modules register their models, and importing
the package from here would register them on a site that is then replaced.
"""

import functools

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy

from cases.selectors.access import user_is_staff_member
from cases.selectors.dashboard import dashboard_counts
from idhr_portal.roles import user_is_coordinator
from idhr_portal.sso.config import sso_enabled
from idhr_portal.sso.selectors import break_glass_accounts


class IDHRAdminSite(admin.AdminSite):
    site_header = gettext_lazy("IDHR case management")
    site_title = gettext_lazy("IDHR staff")
    index_title = gettext_lazy("Today")
    index_template = "admin/cases_index.html"

    def index(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if user_is_staff_member(request.user):
            extra_context["case_dashboard"] = dashboard_counts(user=request.user)
        if sso_enabled() and user_is_coordinator(request.user):  # issue 19: local sign-ins, listed
            extra_context["break_glass_accounts"] = break_glass_accounts()
        return super().index(request, extra_context)

    def logout(self, request, extra_context=None):
        # Issue 19: an account signed in through SAML signs out at the identity provider too.
        from idhr_portal.sso.logout import signed_in_through_sso, single_logout

        if request.method == "POST" and signed_in_through_sso(request):
            return single_logout(request)
        return super().logout(request, extra_context)

    def get_urls(self):
        # The statistics page (issue 17), imported here so the admin package is loaded first.
        from cases.statistics.views import statistics_urls

        return statistics_urls(self) + super().get_urls()

    def admin_view(self, view, cacheable=False):
        """Every staff view, with a refusal (404 or 403: a case, document, letter or export
        this person may not see) written to the access log (issue 18)."""
        inner = super().admin_view(view, cacheable)
        if getattr(view, "__name__", "") == "catch_all_view":  # a mistyped address asks for nothing
            return inner

        @functools.wraps(inner)
        def refusals_logged(request, *args, **kwargs):
            try:
                response = inner(request, *args, **kwargs)
            except (Http404, PermissionDenied):
                _refusal_record(request, view, kwargs)
                raise
            if response.status_code in (403, 404):
                _refusal_record(request, view, kwargs)
            return response

        return refusals_logged


# The URL parameter naming the object asked for, most specific first, and its model.
_ASKED = (
    ("document_id", "cases.casedocument"),
    ("letter_id", "cases.letter"),
    ("measure_id", "cases.supportivemeasure"),
    ("template_id", "cases.lettertemplate"),
    ("case_id", "cases.case"),
)


def _refusal_record(request, view, kwargs) -> None:
    from cases.services.audit import access_refused_record

    owner = getattr(view, "__self__", None)
    model = getattr(owner, "model", None)
    label = model._meta.label_lower if model is not None else ""
    object_type, object_id = label, kwargs.get("object_id")
    for name, asked in _ASKED:
        if kwargs.get(name) is not None:
            object_type, object_id = asked, kwargs[name]
            break
    if object_id is None:
        match = getattr(request, "resolver_match", None)
        object_id = (match.url_name if match else "") or request.path
    case_id = kwargs.get("case_id")
    if case_id is None and label == "cases.case":
        case_id = kwargs.get("object_id")
    access_refused_record(
        user=request.user, object_type=object_type or "admin", object_id=object_id, case_id=case_id
    )
