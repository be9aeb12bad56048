"""`python -m csrating.cli`: the same as the `csrating` command."""

from csrating.cli import main

main()
