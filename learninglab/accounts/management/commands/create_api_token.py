"""Make a personal API token for a staff account and print it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learninglab.accounts.models import ApiTokenScope, User
from learninglab.accounts.tokens import api_token_create
from learninglab.core.errors import DomainError
from learninglab.core.models import Via


class Command(BaseCommand):
    help = (
        "Make a personal token for the JSON API in the name of a staff account and print it "
        "on standard output. It is shown this once: only its digest is kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="E-mail address of the account.")
        parser.add_argument(
            "--scope",
            choices=ApiTokenScope.values,
            default=ApiTokenScope.READ,
            help="read (default) or write.",
        )
        parser.add_argument("--name", default="Command line", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        email = User.objects.normalize_email(options["user"])
        owner = User.objects.filter(email=email).first()
        if owner is None:
            raise CommandError(f"No staff account has the e-mail {email!r}.")
        if not owner.is_active:
            raise CommandError(
                f"The account {email} is switched off: its token would open nothing."
            )
        try:
            token, key = api_token_create(
                actor=None, owner=owner, name=options["name"], scope=options["scope"], via=Via.CLI
            )
        except DomainError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] > 1:
            self.stderr.write(f"Made the {token.scope} token {token.name!r} for {owner.email}.")
        self.stdout.write(key)
