#!/usr/bin/env python3
"""Django's command line for the example: `/usr/bin/python3 examples/django/manage.py runserver --noreload 8000`."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "monitor_site.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
