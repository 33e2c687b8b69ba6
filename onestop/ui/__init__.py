"""The PySide6 desktop GUI (see ``onestop/app.py`` for the composition root)."""
