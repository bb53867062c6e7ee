"""Create one demo account per staff role for local use (`make run`).

The passwords are kept in the services' folder: `$IDHR_LOCAL_DIR` when a separate
set of services is used (scripts/lib.sh), `.local/` of the checkout otherwise.
"""
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from idhr_portal import roles

DEMO_ACCOUNTS = (
    # username, full name, group, is_staff
    ("coordinator", "Casey Coordinator", roles.TITLE_IX_COORDINATOR, True),
    ("casemanager", "Morgan Manager", roles.CASE_MANAGER, True),
    ("investigator", "Ira Investigator", roles.INVESTIGATOR, True),
    # A decision-maker is a staff member assigned to a case, never its coordinator or investigator.
    ("decisionmaker", "Dana Decider", roles.INVESTIGATOR, True),
    ("brt", "Bailey Bias-Team", roles.BIAS_RESPONSE_TEAM, True),
    ("employee", "Riley Responsible", roles.RESPONSIBLE_EMPLOYEE, False),
)


def local_dir() -> Path:
    """The folder of the local services, as scripts/lib.sh chooses it."""
    return Path(os.environ.get("IDHR_LOCAL_DIR") or settings.BASE_DIR / ".local")


class Command(BaseCommand):
    help = "Create demo staff accounts (one per role) and print their passwords."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password-file",
            default=str(local_dir() / "demo-accounts.txt"),
            help="Where the generated passwords are kept between runs (mode 600).",
        )
        parser.add_argument(
            "--allow-production", action="store_true", help="Run even with the production settings."
        )

    def handle(self, *args, password_file, allow_production, **options):
        # `make run` runs with DEBUG off (production-like pages): refuse on production only.
        module = getattr(settings, "SETTINGS_MODULE", None) or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module.endswith(".production") and not allow_production:
            raise CommandError("Demo accounts are for development only (these are the production settings).")
        path = Path(password_file)
        saved = {}
        if path.exists():
            for line in path.read_text().splitlines():
                username, _, password = line.partition(" ")
                if username and password:
                    saved[username] = password
        User = get_user_model()
        rows = []
        for username, full_name, group_name, is_staff in DEMO_ACCOUNTS:
            password = saved.get(username) or secrets.token_urlsafe(12)
            first, _, last = full_name.partition(" ")
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "email": f"{username}@idhr.invalid"},
            )
            user.is_staff = is_staff
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get_or_create(name=group_name)[0]])
            rows.append((username, password, group_name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{u} {p}\n" for u, p, _ in rows))
        path.chmod(0o600)
        self.stdout.write("Demo accounts (local only):")
        for username, password, group_name in rows:
            self.stdout.write(f"  {username:<13} {password:<18} {group_name}")
