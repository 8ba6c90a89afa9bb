from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the Cà Mau demo deployment (units, users, routing, reports). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=300)
        parser.add_argument("--seed", type=int, default=96)

    def handle(self, *args, reports, seed, **options):
        import logging

        from paht.demo.seed import seed_demo

        # Hundreds of historical transitions would each log a line; the summary says enough.
        logger = logging.getLogger("paht")
        level = logger.level
        logger.setLevel(logging.WARNING)
        try:
            summary = seed_demo(report_count=reports, seed=seed)
        finally:
            logger.setLevel(level)
        for line in summary:
            self.stdout.write(line)
