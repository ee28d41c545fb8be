"""`python -m storytrace` runs the CLI."""

from storytrace.cli import main

main()
