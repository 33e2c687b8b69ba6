"""``python -m onestop`` — the same entry point as the ``onestop`` console script."""

import sys

from onestop.cli import main

if __name__ == "__main__":
    sys.exit(main())
