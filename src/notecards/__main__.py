"""``python -m notecards``."""

from notecards.cli import main

main()
