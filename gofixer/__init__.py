"""gofixer: find and safely fix Go concurrency and resource bugs."""

__version__ = "0.1.0"
