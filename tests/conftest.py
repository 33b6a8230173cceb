"""Test-wide settings.

Property tests draw the same examples on every run by default (``derandomize``)
and have no deadline, so a test run, and so CI, passes or fails on the code
alone, never on the luck of the draw or the load of the machine. ``HYPOTHESIS_PROFILE=explore pytest`` draws new examples each run,
to look for failures no one has seen yet.
"""

from __future__ import annotations

import os

from hypothesis import settings

# No deadline: a test's speed is the benchmarks' business (a loaded machine must not fail a test).
settings.register_profile("repeatable", derandomize=True, database=None, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
