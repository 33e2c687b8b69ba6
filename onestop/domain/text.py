"""Text normalisation helpers shared by validation, storage and search.

Everything here is pure standard-library code so it can run in bulk loaders,
the CLI and the GUI alike.  Vietnamese text reaches the desk in many shapes
(pasted from PDFs, scanned, typed with different input methods), so every
string is brought to one canonical form before it is stored or printed.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "fold", "has_control_chars", "nfc"]

_normalize = unicodedata.normalize

# Whitespace that `clean` turns into one ordinary space.  The set is spelled
# out instead of relying on str.split(): str.isspace() also accepts the C0
# separators U+001C-U+001F, U+0085 and U+2028/U+2029, which must survive
# cleaning so that `has_control_chars` can reject them rather than silently
# turning them into spaces.
_WHITESPACE_RUN = re.compile("[ \t\n\r\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

# Horizontal whitespace only: used for multi-line text where newlines carry
# meaning (see `clean_multiline`).
_HSPACE_RUN = re.compile("[ \t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

# Combining diacritical mark blocks.  Vietnamese only needs U+0300-U+036F, the
# extended/supplement blocks are dropped too so that folding is idempotent for
# other Latin-script names.  A regex with a `+` run is measurably faster than
# str.translate with a deletion dict (about 1 µs vs 2 µs for a typical name).
_COMBINING_RUN = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")

# C0 and C1 controls, bidirectional controls, zero-width characters and the
# Unicode line/paragraph separators.  Bidi controls can make a name or a
# dossier code display differently from how it is stored ("Trojan Source"),
# and zero-width characters make two visually identical values differ.
_CONTROL_CHARS = re.compile(
    "[\x00-\x1f\x7f-\x9f"
    "\u061c"  # Arabic letter mark (bidi)
    "\u200b-\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u2028\u2029"  # line / paragraph separator
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060"  # word joiner (zero-width)
    "\u2066-\u2069"  # bidi isolates
    "\ufeff]"  # zero-width no-break space / BOM
)
# Same as above but allowing LF, for multi-line fields (notes, reasons).
_CONTROL_CHARS_MULTILINE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029"
    "\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)


def nfc(s: str) -> str:
    """Return `s` in Unicode Normalization Form C.

    Args:
        s: Any string.

    Returns:
        The NFC form.  Decomposed (NFD) input is common in pasted or scanned
        text and reportlab draws decomposed marks beside their letters.
    """
    return _normalize("NFC", s)


def clean(s: str | None) -> str:
    """Normalise a single-line value for storage.

    Applies NFC, strips the ends and collapses every run of whitespace
    (spaces, tabs, newlines, NBSP and other Unicode spaces) into one space.

    Args:
        s: The raw value, or None.

    Returns:
        The cleaned string; "" for None.
    """
    if not s:
        return ""
    return _WHITESPACE_RUN.sub(" ", _normalize("NFC", s)).strip(" ")


def clean_multiline(s: str | None) -> str:
    """Normalise a multi-line value, keeping its line structure.

    Line endings become LF, each line is cleaned like `clean` and leading and
    trailing blank lines are dropped.

    Args:
        s: The raw value, or None.

    Returns:
        The cleaned string; "" for None.
    """
    if not s:
        return ""
    text = _normalize("NFC", s).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_HSPACE_RUN.sub(" ", line).strip(" ") for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def fold(s: str | None) -> str:
    """Fold text for accent- and case-insensitive search.

    `fold("Nguyễn Văn Đức") == "nguyen van duc"`.  Called for every row of
    bulk inserts, so it avoids per-call caches and takes an ASCII fast path.

    Args:
        s: The text to fold, or None.

    Returns:
        Lower-case text without combining marks, đ mapped to d, the typographic
        apostrophe (U+2019, typed by phones) mapped to "'", whitespace
        collapsed to single spaces and stripped.
    """
    if not s:
        return ""
    if s.isascii():
        # NFD and mark removal are no-ops on ASCII; skipping them halves the cost.
        return " ".join(s.casefold().split())
    # casefold runs before NFD because it can itself emit combining marks
    # (e.g. "İ" -> "i̇"); doing it first keeps fold idempotent.
    decomposed = _normalize("NFD", s.casefold()).replace("đ", "d").replace("\u2019", "'")
    return " ".join(_COMBINING_RUN.sub("", decomposed).split())


def has_control_chars(s: str, allow_newline: bool = False) -> bool:
    """Tell whether `s` contains control, bidi or zero-width characters.

    Args:
        s: The text to inspect.
        allow_newline: Accept LF (for multi-line fields); every other control,
            including TAB and CR, is still reported.

    Returns:
        True when a forbidden character is present.
    """
    pattern = _CONTROL_CHARS_MULTILINE if allow_newline else _CONTROL_CHARS
    return pattern.search(s) is not None
