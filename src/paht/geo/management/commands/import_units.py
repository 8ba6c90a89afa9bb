from django.core.management.base import BaseCommand

from paht.geo.services import units_import


class Command(BaseCommand):
    help = "Load the 34 provinces and 3,321 communes (2025 reform) from vietnamadminunits."

    def add_arguments(self, parser):
        parser.add_argument("--province", action="append", help="Only this province code.")

    def handle(self, *args, province, **options):
        provinces, communes = units_import(province_codes=set(province) if province else None)
        self.stdout.write(f"{provinces} tỉnh, thành phố; {communes} xã, phường, đặc khu.")
