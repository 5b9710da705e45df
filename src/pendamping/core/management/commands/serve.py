"""`pendamping serve`: the app on waitress (a production-grade WSGI server) plus the task worker."""

import subprocess
import sys

from django.core.management.base import BaseCommand
from waitress import serve

from pendamping.core.demo import demo_logins_text
from pendamping.wsgi import application


class Command(BaseCommand):
    help = "Serve the app (default http://127.0.0.1:8000) and run background tasks."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the task worker."
        )

    def handle(self, *args, **options):
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "pendamping.cli", "db_worker", "--interval", "1"],
            )
        logins = demo_logins_text()
        if logins:
            self.stdout.write(logins)
        url = f"http://{options['host']}:{options['port']}"
        self.stdout.write(self.style.SUCCESS(f"Pendamping is serving at {url} (Ctrl+C to stop)"))
        self.stdout.flush()
        try:
            serve(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="pendamping",
            )
        finally:
            if worker is not None:
                worker.terminate()
