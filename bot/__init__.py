"""Front ends of qabot: the command line, the REPL, and the Telegram bot."""

__version__ = "0.1.0"
