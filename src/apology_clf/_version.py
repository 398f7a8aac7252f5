"""The package version, in a module of its own so that any layer can read it without
importing the package's public API (and with it, everything else)."""

__version__ = "0.1.0"
