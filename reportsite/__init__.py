"""Turns HM Inspectorate of Probation inspection reports into a static website."""

__version__ = "0.1.0"
