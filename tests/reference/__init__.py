"""Frozen earlier versions of revtrack code that tests hold optimised code to (same answers)."""
