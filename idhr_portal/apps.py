from django.contrib.admin.apps import AdminConfig


class IDHRAdminConfig(AdminConfig):
    """django.contrib.admin with the staff site (dashboard on the index) as `admin.site`."""

    default_site = "cases.admin_site.IDHRAdminSite"
