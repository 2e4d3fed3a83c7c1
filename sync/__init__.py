"""Sync with the central provincial one-stop system."""
