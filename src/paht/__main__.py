"""The `paht` command: Django's management commands under friendlier names.

paht serve [--host H] [--port P]   paht migrate     paht seed-demo
paht createsuperuser               paht worker      paht import-units
"""

import os
import sys

ALIASES = {"seed-demo": "seed_demo", "import-units": "import_units"}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paht.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    execute_from_command_line(["paht", *args])


if __name__ == "__main__":
    main()
