#!/usr/bin/env python
import os
import sys
from pathlib import Path


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if "SECRET_KEY" not in os.environ and not (Path(__file__).resolve().parent / ".env").exists():
        # A checkout with no configuration at all is a developer's: management commands run in debug
        # mode (with the development key). Production always sets SECRET_KEY, so this never applies there.
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
