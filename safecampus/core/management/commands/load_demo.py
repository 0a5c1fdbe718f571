from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safecampus.core.demo import PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo district (idempotent). Refused when DEBUG is off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="load even with DEBUG off")
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the logins")

    def handle(self, *args, force=False, quiet_logins=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("The demo district is not loaded in production (DEBUG is off).")
        logins = load_demo()
        if quiet_logins:
            return
        self.stdout.write(
            self.style.SUCCESS(f"Demo district ready. Logins (password for all: {PASSWORD}):")
        )
        for username, role, org in logins:
            self.stdout.write(f"  {username:<18} {role!s:<24} {org}")
