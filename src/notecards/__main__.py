"""``python -m notecards``."""

from notecards.cli.commands import main

if __name__ == "__main__":  # worker processes started by "spawn" import this module as __mp_main__
    main()
