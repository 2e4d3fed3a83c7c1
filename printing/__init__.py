"""Slip templates and renderers implementing the core printer port."""
