"""Extension points other apps hook into without reports importing them.

`report_submitted` is sent inside the submission's transaction, once the report
and its parties exist. Receivers must not fail the submission: they run in a
savepoint of their own and log their errors (see cases.apps).
"""
from django.dispatch import Signal

# Sent with `report=` (a saved reports.models.Report whose parties are saved).
report_submitted = Signal()
