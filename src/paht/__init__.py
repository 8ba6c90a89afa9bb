"""PAHT — phản ánh hiện trường: citizens' field reports for Vietnamese provinces."""

__version__ = "0.1.0"
