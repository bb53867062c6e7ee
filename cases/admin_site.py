"""The staff site: Django's AdminSite with the case dashboard on its index page.

Installed as the default site by idhr_portal.apps.IDHRAdminConfig (INSTALLED_APPS),
so `admin.site` and `@admin.register` everywhere use it. It lives beside the
cases/admin/ package, not in it: Django imports this module when `admin.site` is
first used, which is while the admin modules register their models, and importing
the package from here would register them on a site that is then replaced.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from cases import selectors
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
        if selectors.user_is_staff_member(request.user):
            extra_context["case_dashboard"] = selectors.dashboard_counts(user=request.user)
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
