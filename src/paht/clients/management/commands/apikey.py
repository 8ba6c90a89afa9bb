from django.core.management.base import BaseCommand, CommandError

from paht.core.errors import DomainError

from ...models import ApiKey
from ...services import apikey_create


class Command(BaseCommand):
    help = "Issue, list or revoke API keys of third-party applications."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key; it is printed once")
        create.add_argument("name")
        create.add_argument("--per-hour", type=int, default=3600)
        sub.add_parser("list", help="list keys (never the keys themselves)")
        revoke = sub.add_parser("revoke", help="deactivate a key by its prefix")
        revoke.add_argument("prefix")

    def handle(self, *args, action, **options):
        if action == "create":
            try:
                key, raw = apikey_create(name=options["name"], per_hour=options["per_hour"])
            except DomainError as exc:
                raise CommandError(str(exc.message)) from None
            self.stdout.write(raw)
            self.stderr.write(f"created key {key.prefix} for {key.name}; store it now")
        elif action == "list":
            for key in ApiKey.objects.all():
                state = "active" if key.is_active else "revoked"
                self.stdout.write(f"{key.prefix}\t{state}\t{key.per_hour}/h\t{key.name}")
        else:
            if not ApiKey.objects.filter(prefix=options["prefix"]).update(is_active=False):
                raise CommandError(f"no key with prefix {options['prefix']}")
            self.stdout.write(f"revoked {options['prefix']}")
