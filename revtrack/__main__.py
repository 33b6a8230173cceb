"""``python -m revtrack``: the command line."""

from revtrack.cli import main

main()
