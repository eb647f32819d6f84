#!/usr/bin/env python3
"""Build the inspection report site: see `python build.py --help`."""

import sys

from reportsite.cli import main

if __name__ == "__main__":
    sys.exit(main())
