"""Builds revtrack's compiled diff core; everything else is declared in pyproject.toml.

The extension is optional: where it cannot be compiled (no C compiler), the
install goes on without it and revtrack uses the pure-Python core, which gives
the same answers, more slowly.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("revtrack._speedups", ["revtrack/_speedups.c"], optional=True)])
