"""Settings of this installation: a TOML file in the user config dir, with env overrides.

Every key is declared once in :data:`DEFAULTS` with its type and default. The database URL
comes from ``--db``, else ``ONESTOP_DB``, else the settings file, else the SQLite file in the
user data dir. Portable mode (``ONESTOP_PORTABLE=1`` or a ``portable.txt`` beside the
executable) keeps settings and data beside the executable for PCs without a user profile.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

APP = "OneStopDesk"

#: key -> default; the type of the default is the key's type.
DEFAULTS: dict[str, Any] = {
    "database.url": "",
    "central.url": "",
    "central.password_in_keyring": False,
    "ui.language": "vi",
    "ui.idle_lock_minutes": 10,
    "printing.printer": "",
    "printing.receipt_layout": "a4",
    "printing.auto_print": False,
    "backup.folder": "",
    "backup.keep": 14,
    "sync.interval_seconds": 60,
    # what the barcode scanner types before and after the code (besides CR or Tab)
    "scanner.prefix": "",
    "scanner.suffix": "",
}


class SettingsError(Exception):
    """The settings file exists but cannot be read (corrupted, wrong types)."""


def _portable_root() -> Path | None:
    if os.environ.get("ONESTOP_PORTABLE") == "1":
        return Path(sys.executable).resolve().parent
    exe_dir = Path(sys.executable).resolve().parent
    if getattr(sys, "frozen", False) and (exe_dir / "portable.txt").exists():
        return exe_dir
    return None


@dataclass(frozen=True)
class Paths:
    """Where this installation keeps its files."""

    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def default_db(self) -> Path:
        return self.data_dir / "onestop.sqlite3"


def paths() -> Paths:
    """The config, data and log dirs (``ONESTOP_HOME`` puts all three under one folder)."""
    home = os.environ.get("ONESTOP_HOME")
    root = Path(home) if home else _portable_root()
    if root is not None:
        return Paths(root / "config", root / "data", root / "logs")
    return Paths(
        Path(platformdirs.user_config_dir(APP, appauthor=False)),
        Path(platformdirs.user_data_dir(APP, appauthor=False)),
        Path(platformdirs.user_log_dir(APP, appauthor=False)),
    )


def load(path: Path | None = None) -> dict[str, Any]:
    """Read the settings file into a flat ``section.key`` dict merged over the defaults.

    Raises:
        SettingsError: the file is not valid TOML or a value has the wrong type.
    """
    path = path or paths().settings_file
    values = dict(DEFAULTS)
    if not path.exists():
        return values
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    for section, table in raw.items():
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: [{section}] is not a table")
        for key, value in table.items():
            name = f"{section}.{key}"
            default = DEFAULTS.get(name)
            if default is not None and type(value) is not type(default):
                raise SettingsError(f"{path}: {name} must be {type(default).__name__}")
            values[name] = value
    return values


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def save(values: dict[str, Any], path: Path | None = None) -> None:
    """Write the settings atomically (temp file + rename) so a power cut never leaves half a file."""
    path = path or paths().settings_file
    path.parent.mkdir(parents=True, exist_ok=True)
    sections: dict[str, list[str]] = {}
    for name, value in sorted(values.items()):
        section, _, key = name.partition(".")
        sections.setdefault(section, []).append(f"{key} = {_toml_value(value)}")
    text = "".join(f"[{s}]\n" + "\n".join(lines) + "\n\n" for s, lines in sections.items())
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def database_url(cli_value: str | None = None) -> str:
    """Resolve the database URL: flag, env ``ONESTOP_DB``, settings file, default SQLite file.

    Raises:
        SettingsError: the settings file would decide but cannot be read. Never fall back
            silently to another database: dossiers would land in the wrong file.
    """
    if cli_value:
        return cli_value
    env = os.environ.get("ONESTOP_DB")
    if env:
        return env
    configured = load().get("database.url")
    if configured:
        return str(configured)
    return f"sqlite:///{paths().default_db}"


#: The environment variable that names another ``resources/`` folder (tests, packagers).
RESOURCES_ENV = "ONESTOP_RESOURCES"


def resources_dir() -> Path:
    """The ``resources/`` folder: env override, PyInstaller bundle, or the source tree."""
    env = os.environ.get(RESOURCES_ENV)
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"
