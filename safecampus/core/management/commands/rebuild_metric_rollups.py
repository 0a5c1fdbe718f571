from django.core.management.base import BaseCommand

from safecampus.core import metrics


class Command(BaseCommand):
    help = "Rebuild the metrics' daily roll-ups up to yesterday (what the nightly task does)."

    def handle(self, *args, **options):
        for key, rows in metrics.rebuild_rollups().items():
            self.stdout.write(f"  {key}: {rows} rows")
