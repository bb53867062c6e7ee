"""`manage.py bench_data --cases N`: add N cases and what goes with them (bench/datagen.py)."""

import json

from django.core.management.base import BaseCommand, CommandError

from bench import datagen


class Command(BaseCommand):
    help = "Bulk-create realistic cases, reports, parties, measures and timeline events with COPY."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True, help="How many cases to add.")
        parser.add_argument("--seed", type=int, default=8)

    def handle(self, *args, cases, seed, **options):
        if cases <= 0:
            raise CommandError("--cases must be positive")
        result = datagen.generate(cases=cases, seed=seed, verbose=self.stdout.write)
        from bench.hearing_case import hearing_case_ensure  # the Title IX case at the hearing stage

        if hearing_case_ensure(big_reference=datagen.BIG_CASE_REFERENCE, staff=datagen.ensure_staff()):
            self.stdout.write("  hearing case added")
        # The statistics page's summary, as the nightly beat task would have made it (issue 17).
        import time

        from cases.statistics.summary import statistics_summary_refresh

        started = time.monotonic()
        statistics_summary_refresh()
        result["statistics_refresh_seconds"] = round(time.monotonic() - started, 2)
        self.stdout.write(json.dumps({"added": result, "totals": datagen.totals()}))
