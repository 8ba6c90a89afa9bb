import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve PAHT over HTTP with uvicorn (ASGI)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument(
            "--with-worker",
            action="store_true",
            help="Also run `paht worker` (media, notifications) for as long as the server runs.",
        )

    def handle(self, *args, host, port, workers, with_worker, **options):
        import uvicorn
        from django.core.management import call_command

        from paht.core.logs import uvicorn_log_config

        if not settings.DEBUG:
            # WhiteNoise serves the hashed copies from STATIC_ROOT; refresh them first.
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = None
        if with_worker:
            worker = subprocess.Popen([sys.executable, "-m", "paht", "worker"])
        self.stdout.write(f"PAHT: http://{host}:{port}/  (admin: http://{host}:{port}/admin/)")
        try:
            uvicorn.run(
                "paht.asgi:application",
                host=host,
                port=port,
                workers=workers,
                log_level="debug" if settings.DEBUG else "info",
                log_config=uvicorn_log_config(),
                proxy_headers=True,
            )
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
