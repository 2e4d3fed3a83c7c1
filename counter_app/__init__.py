"""counter_app: the Qt-free core of the one-stop counter application."""

__version__ = "0.1.0"
