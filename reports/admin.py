from django.contrib import admin  # noqa: F401  (the intake queue, the Report admin, is cases/admin/intake.py)
