"""A worker's child process: attributes stories one at a time for its parent (see ``_shard.py``).

Run as ``python -m revtrack.corpus._child``; frames of pickled data on standard input and output.
"""

from __future__ import annotations

import sys

from revtrack.corpus._shard import serve

if __name__ == "__main__":
    # What the parent reads is only what serve() writes: nothing else may go to standard output.
    out, sys.stdout = sys.stdout.buffer, sys.stderr
    serve(sys.stdin.buffer, out)
