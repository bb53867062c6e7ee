"""Model permissions of the staff groups (object-level access is enforced in cases.selectors)."""
from django.db import migrations

from cases.permissions import ROLE_PERMISSIONS, permissions_for


def assign(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name in ROLE_PERMISSIONS:
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.set(permissions_for(group_name, Permission))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_initial"),
        ("reports", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(assign, migrations.RunPython.noop)]
