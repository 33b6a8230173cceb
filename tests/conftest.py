"""Test-wide settings.

Property tests draw the same examples on every run by default (``derandomize``),
so a test run, and so CI, passes or fails on the code alone, never on the luck
of the draw. ``HYPOTHESIS_PROFILE=explore pytest`` draws new examples each run,
to look for failures no one has seen yet.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
