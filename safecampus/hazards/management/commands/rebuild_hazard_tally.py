import time

from django.core.management.base import BaseCommand, CommandError

from safecampus.core.models import Org
from safecampus.hazards import tally


class Command(BaseCommand):
    help = (
        "Recount the per-school hazard tally from the hazard table: after rows were written "
        "without the services (a bulk load, a repair by hand). --check only reports differences."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", help="only the schools under the org with this code")
        parser.add_argument(
            "--check", action="store_true", help="compare with a fresh count and change nothing"
        )

    def handle(self, *args, **options):
        school_ids = None
        if options["org"]:
            org = Org.objects.filter(code=options["org"]).first()
            if org is None:
                raise CommandError(f"No org with the code “{options['org']}”.")
            school_ids = list(Org.objects.under(org).schools().values_list("pk", flat=True))
        started = time.perf_counter()
        if options["check"]:
            wrong = tally.differences(school_ids)
            for key, (kept, fresh) in sorted(wrong.items(), key=lambda item: tally.order(item[0])):
                self.stdout.write(f"  {key}: tally {kept}, hazards {fresh}")
            if wrong:
                raise CommandError(f"{len(wrong)} tally row(s) differ from a fresh count.")
            self.stdout.write(self.style.SUCCESS("The hazard tally equals a fresh count."))
            return
        rows = tally.rebuild(school_ids)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt the hazard tally: {rows} rows in {time.perf_counter() - started:.1f} s."
            )
        )
