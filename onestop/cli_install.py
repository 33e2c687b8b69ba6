"""CLI subcommands of this area (registered by cli_commands.EXTENSIONS)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add this area's subcommands (none yet)."""
