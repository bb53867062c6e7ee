"""Names of the staff groups. Shared by every app; only cases assigns permissions."""
from django.utils.translation import gettext_lazy as _

TITLE_IX_COORDINATOR = "Title IX coordinator"
CASE_MANAGER = "Case manager"
INVESTIGATOR = "Investigator"
BIAS_RESPONSE_TEAM = "Bias Response Team"
RESPONSIBLE_EMPLOYEE = "Responsible employee"

ALL_GROUPS = (TITLE_IX_COORDINATOR, CASE_MANAGER, INVESTIGATOR, BIAS_RESPONSE_TEAM, RESPONSIBLE_EMPLOYEE)

DESCRIPTIONS = {
    TITLE_IX_COORDINATOR: _("Sees and manages every case; receives Title IX alerts."),
    CASE_MANAGER: _("Triages reports and manages the cases assigned to them."),
    INVESTIGATOR: _("Works on the cases assigned to them."),
    BIAS_RESPONSE_TEAM: _("Reads cases shared with the team, without identities."),
    RESPONSIBLE_EMPLOYEE: _("Submits referrals; never sees the admin."),
}

# Who receives "new report" alerts: the people who triage the intake queue.
INTAKE_STAFF = (TITLE_IX_COORDINATOR, CASE_MANAGER)
