import time

from django.core.management.base import BaseCommand, CommandError

from safecampus.city.grow import PASSWORD, grow_city
from safecampus.core.models import Org


class Command(BaseCommand):
    help = "Grow the database to a city of N schools under one bureau, with every module's data."

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=50)
        parser.add_argument("--hazards", type=int, default=50000)
        parser.add_argument(
            "--hot-spot", type=int, default=100000,
            help="hazards of the first school (at most half the total), for deep pages and exports",
        )  # fmt: skip
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--days", type=int, default=30, help="days of checks, patrols, visits")
        parser.add_argument("--prefix", default="city", help="org codes and usernames start so")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        if options["schools"] < 1 or options["hazards"] < 0:
            raise CommandError("Give at least one school and no negative count.")
        prefix = options["prefix"]
        if Org.objects.using(options["database"]).filter(code=prefix).exists():
            raise CommandError(f"A city “{prefix}” exists already: pick another --prefix.")
        started = time.perf_counter()
        city, _timings = grow_city(
            schools=options["schools"],
            hazard_count=options["hazards"],
            hot_spot=options["hot_spot"],
            seed=options["seed"],
            prefix=prefix,
            days=options["days"],
            using=options["database"],
            log=self.stdout.write,
        )
        elapsed = time.perf_counter() - started
        for label, count in sorted(city.writer.counts.items()):
            self.stdout.write(f"  {label}: {count}")
        hot = city.schools[0]
        self.stdout.write(
            self.style.SUCCESS(
                f"Grew {len(city.schools)} schools, {sum(s.hazards for s in city.schools)} "
                f"hazards in {elapsed:.1f} s. Bureau: {prefix} (id {city.bureau_id}); "
                f"hot spot: {hot.code} (id {hot.id}, {hot.hazards} hazards). "
                f"Logins: {prefix}.bureau, {hot.code}.officer, password {PASSWORD}"
            )
        )
