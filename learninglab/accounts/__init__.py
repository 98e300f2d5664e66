"""Staff accounts: e-mail login, two-factor authentication, roles."""
