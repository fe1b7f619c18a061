"""The Django-backed `openlead` subcommands that belong to no one app (serve, demo, audit,
keys). Like every command module, they import Django-backed code inside the command,
after `openlead.django_setup.setup()`: models need the app registry, and `openlead
--help` imports these modules without Django."""
