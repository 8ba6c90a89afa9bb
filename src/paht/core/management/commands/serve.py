import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve PAHT over HTTP with granian (WSGI by default; docs/deploy.md)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument(
            "--interface",
            choices=["wsgi", "asgi"],
            default="wsgi",
            help=(
                "wsgi (default): one thread per worker process, persistent database "
                "connections; asgi: the same application behind paht.asgi (use with "
                "PAHT_DB_POOL=true on PostgreSQL)."
            ),
        )
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run `paht worker` (media, notifications) for as long as the server runs.",
        )

    def handle(self, *args, host, port, workers, interface, with_worker, **options):
        from django.core.management import call_command
        from granian.constants import Interfaces
        from granian.log import LogLevels
        from granian.server import Server

        if not settings.DEBUG:
            # WhiteNoise serves the hashed copies from STATIC_ROOT; refresh them first.
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if with_worker:
            worker = subprocess.Popen([sys.executable, "-m", "paht", "worker"])
        self.stdout.write(f"PAHT: http://{host}:{port}/  (admin: http://{host}:{port}/admin/)")
        self.stdout.flush()
        wsgi = interface == "wsgi"
        server = Server(
            f"paht.{interface}:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI if wsgi else Interfaces.ASGI,
            workers=workers,
            # One request at a time per WSGI process: Django's persistent connection (or
            # the pool) is reused by every request instead of one per thread.
            blocking_threads=1 if wsgi else None,
            respawn_failed_workers=True,
            respawn_interval=0.5,  # the default 3.5 s is that long without a worker
            log_level=LogLevels.debug if settings.DEBUG else LogLevels.info,
            websockets=False,
        )
        try:
            server.serve()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
