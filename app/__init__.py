"""Privacy Desk: the privacy paperwork of a small practice, kept straight."""

__version__ = "0.1.0"
