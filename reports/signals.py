"""Extension points other apps hook into without reports importing them.

`report_submitted` is sent inside the submission's transaction, once the report
and its parties exist. A receiver must not fail the submission: it runs its
work in a savepoint of its own and logs its errors with the traceback (the
cases app's repeat-respondent check does).
"""
from django.dispatch import Signal

# Sent with `report=` (a saved reports.models.Report whose parties are saved).
report_submitted = Signal()
