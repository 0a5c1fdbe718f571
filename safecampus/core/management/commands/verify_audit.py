from django.core.management.base import BaseCommand, CommandError

from safecampus.core.anchors import write_checkpoint
from safecampus.core.services.audit import verify_all


class Command(BaseCommand):
    help = (
        "Check every org's audit chain against itself and its signed anchors; report every break."
        " --checkpoint first appends the current heads to the anchor file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint", action="store_true", help="anchor every chain's head before checking"
        )

    def handle(self, *args, **options):
        if options["checkpoint"]:
            written = write_checkpoint()
            self.stdout.write(f"Anchored {written} chain head(s).")
        breaks = verify_all()
        if not breaks:
            self.stdout.write(self.style.SUCCESS("Audit trail intact."))
            return
        for found in breaks:
            self.stderr.write(f"BROKEN {found}")
        raise CommandError(f"{len(breaks)} audit chain break(s) found")
