#!/usr/bin/env python
import os
import sys


def main() -> None:
    # An empty value counts as unset (some tools export DJANGO_SETTINGS_MODULE="").
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        os.environ["DJANGO_SETTINGS_MODULE"] = "socialtrend.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
