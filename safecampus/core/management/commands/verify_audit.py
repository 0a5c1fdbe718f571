from django.core.management.base import BaseCommand, CommandError

from safecampus.core.services.audit import verify_all


class Command(BaseCommand):
    help = "Check every org's audit chain; report the first broken link of each."

    def handle(self, *args, **options):
        breaks = verify_all()
        if not breaks:
            self.stdout.write(self.style.SUCCESS("Audit trail intact."))
            return
        for found in breaks:
            self.stderr.write(f"BROKEN {found}")
        raise CommandError(f"{len(breaks)} audit chain(s) broken")
