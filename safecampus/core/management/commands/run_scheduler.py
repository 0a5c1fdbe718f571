import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from safecampus.core import schedule


class Command(BaseCommand):
    help = "Enqueue periodic work when due (reminders, escalations, retries). Runs until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one tick, then exit")

    def handle(self, *args, once=False, **options):
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        tick = settings.SAFECAMPUS_SCHEDULER_TICK_SECONDS
        while not stop.is_set():
            names = schedule.tick()
            if names:
                self.stdout.write(f"enqueued: {', '.join(names)}")
            if once:
                return
            stop.wait(tick)
