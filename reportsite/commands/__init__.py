"""Commands: one module per `build.py` subcommand."""
