"""Renderers: turn diffs and provenance into text for people and programs.

Every renderer takes its data and options up front and returns a ``str``;
none prints. Text from a story is data, never markup or control: terminal
renderers show control characters visibly, HTML renderers escape everything.
"""
