"""Run revtrack's command line from a checkout: ``python cli.py show fixtures/taji.json``."""

from revtrack.cli import main

if __name__ == "__main__":
    main()
