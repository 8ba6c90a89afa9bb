from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from paht.core.errors import DomainError
from paht.geo.boundaries import boundaries_import


class Command(BaseCommand):
    help = (
        "Import commune boundary polygons (GeoJSON FeatureCollection; each feature names its "
        "commune by code or name). Then the polygon containing a point decides its commune."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .geojson file")
        parser.add_argument("--province", default=None, help="province code (default: ours)")

    def handle(self, *args, file, province, **options):
        code = province or settings.PAHT_PROVINCE_CODE
        try:
            with open(file, "rb") as fh:
                result = boundaries_import(fh.read(), province_code=code)
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        except DomainError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(f"{result.imported} communes now have a boundary.")
        for label in result.unmatched:
            self.stderr.write(f"no commune matches feature {label}")
