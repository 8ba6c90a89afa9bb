import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

log = logging.getLogger("paht.worker")


class Command(BaseCommand):
    help = "Run the background worker (database task queue): notifications, media, reminders."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run queued tasks, then exit.")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument(
            "--sweep-interval",
            type=float,
            default=60.0,
            help="Seconds between checks for work a lost worker left unfinished.",
        )

    def handle(self, *args, batch, interval, sweep_interval, **options):
        from paht.core.housekeeping import purge_expired
        from paht.media.services import purge_orphans, recover_stalled
        from paht.notify.services import notify_sweep

        def sweep():
            try:
                recover_stalled()
                purge_orphans()
                purge_expired()
            except Exception:
                log.exception("sweep failed")
            try:
                # Reminders, retries, and messages whose task was lost.
                notify_sweep()
            except Exception:
                log.exception("notification sweep failed")
            finally:
                close_old_connections()

        sweep()  # work a crashed worker left behind is queued again before we start
        stop = threading.Event()
        if not batch:

            def loop():
                while not stop.wait(sweep_interval):
                    sweep()

            threading.Thread(target=loop, name="paht-sweep", daemon=True).start()
        try:
            call_command(
                "db_worker",
                queue_name="*",
                batch=batch,
                interval=interval,
                reload=False,
                verbosity=options["verbosity"],
            )
        finally:
            stop.set()
