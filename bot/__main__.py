"""``python -m bot``: the same as the ``qabot`` command."""

from bot.cli import main

raise SystemExit(main())
