"""pel-tui: a provider's terminal for the project marketplace."""

__version__ = "0.1.0"
