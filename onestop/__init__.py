"""OneStop Desk — reception and tracking of administrative dossiers (Bộ phận Một cửa)."""

__version__ = "0.1.0"
