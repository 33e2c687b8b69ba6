"""This PC's settings file (``config.py`` declares the keys) as the GUI reads and edits it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from onestop import config


class Preferences:
    """Typed access to the settings file; :meth:`update` writes it atomically.

    The file is a few hundred bytes: reading and writing it on the GUI thread is harmless.
    ``path=None`` keeps the values in memory only (tests, screenshots).
    """

    def __init__(self, values: dict[str, Any] | None = None, path: Path | None = None) -> None:
        self._path = path
        self._values = dict(config.DEFAULTS)
        self._values.update(values or {})

    @classmethod
    def load(cls, path: Path | None = None) -> Preferences:
        """Read the settings file (defaults when it is missing or unreadable)."""
        path = path or config.paths().settings_file
        try:
            values = config.load(path)
        except config.SettingsError:
            values = dict(config.DEFAULTS)
        return cls(values, path)

    def get(self, key: str) -> Any:
        return self._values.get(key, config.DEFAULTS.get(key))

    def update(self, changes: dict[str, Any]) -> None:
        """Change some keys (each keeps its declared type) and save the file."""
        for key, value in changes.items():
            default = config.DEFAULTS.get(key)
            if default is not None and not isinstance(value, type(default)):
                value = type(default)(value)
            self._values[key] = value
        if self._path is not None:
            config.save(self._values, self._path)
