"""The ``eropaf`` console script: Django's manage.py for this project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eropaf.config.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 - after the settings variable

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
