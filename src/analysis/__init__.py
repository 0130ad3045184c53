"""Cross-city comparative analytics of health-system policy targets."""

__version__ = "0.1.0"
