"""Composition root of the desktop application (filled in by the GUI issue)."""

from __future__ import annotations

import argparse
import sys


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window. Placeholder until the GUI lands: say so and exit cleanly."""
    print("gui: Giao diện đồ hoạ đang được xây dựng; hãy dùng dòng lệnh `onestop --help`.",
          file=sys.stderr)
    return 0
