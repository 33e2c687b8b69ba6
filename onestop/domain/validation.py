"""Field validators for everything a clerk or an import can type in.

Each validator returns the cleaned, normalised value or raises
`ValidationError` naming the field, with a code from
`onestop.domain.messages` so the CLI and the GUI word it the same way.
`Collector` lets a form run all validators and report every bad field at once.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, ParamSpec, TypeVar

from onestop.domain import messages
from onestop.domain.glyphs import PRINTABLE
from onestop.domain.text import clean, clean_multiline, has_control_chars

__all__ = [
    "PROVINCE_CODES",
    "Collector",
    "FieldError",
    "ValidationError",
    "choice",
    "citizen_id",
    "citizen_id_for",
    "email",
    "free_text",
    "int_range",
    "mask_citizen_id",
    "mask_phone",
    "org_name",
    "parse_date",
    "parse_instant",
    "password",
    "person_name",
    "phone",
    "phone_search_key",
]

_P = ParamSpec("_P")
_T = TypeVar("_T")


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class FieldError:
    """One problem with one field.

    Attributes:
        field: The field key (see messages.FIELD_LABELS).
        code: The message code (see messages.MESSAGES).
        params: Template parameters; excluded from the hash because dicts
            are unhashable.
    """

    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict, hash=False)

    @property
    def message(self) -> str:
        """The Vietnamese message for this error."""
        return messages.message(self.code, self.field, **self.params)


def _rebuild(cls: type[ValidationError], errors: list[FieldError]) -> ValidationError:
    """Unpickle a ValidationError (its constructor takes a single error)."""
    return cls.many(errors)


class ValidationError(Exception):
    """One or more invalid fields.

    `ValidationError("phone", "phone_format")` builds the common single-field
    case; `ValidationError.many([...])` carries several errors from a form.
    """

    errors: list[FieldError]

    def __init__(self, field: str, code: str, **params: Any) -> None:
        """Create an error for a single field.

        Args:
            field: The field key.
            code: The message code.
            **params: Template parameters for the message.
        """
        super().__init__(field, code)
        self.errors = [FieldError(field, code, params)]

    @classmethod
    def many(cls, errors: Iterable[FieldError]) -> ValidationError:
        """Create an error carrying several field errors.

        Args:
            errors: At least one FieldError.

        Returns:
            The exception (to be raised by the caller).

        Raises:
            ValueError: If `errors` is empty.
        """
        collected = list(errors)
        if not collected:
            raise ValueError("ValidationError.many() needs at least one FieldError")
        first = collected[0]
        exc = cls(first.field, first.code, **first.params)
        exc.errors = collected
        return exc

    @property
    def first(self) -> FieldError:
        """The first error, for places that can show only one."""
        return self.errors[0]

    def __str__(self) -> str:
        return "\n".join(f"{err.field}: {err.message}" for err in self.errors)

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickling replays __init__(*args), which would lose all
        # but the first error and every parameter.
        return (_rebuild, (type(self), self.errors))


class Collector:
    """Gather errors from several validators and raise them together.

    Example:
        c = Collector()
        name = c.check(person_name, raw_name)
        with c.field("phone"):
            tel = phone(raw_phone)
        c.raise_if_any()
    """

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def __bool__(self) -> bool:
        return bool(self.errors)

    def add(self, field: str, code: str, **params: Any) -> None:
        """Record an error found by the form itself (e.g. a cross-field rule)."""
        self.errors.append(FieldError(field, code, params))

    @contextmanager
    def field(self, name: str | None = None) -> Iterator[None]:
        """Record a ValidationError raised in the block instead of propagating it.

        Args:
            name: When given, errors are re-attributed to this field, for a
                validator called with its default field name on behalf of
                another field.  Leave it out around multi-field code.
        """
        try:
            yield
        except ValidationError as exc:
            self.errors.extend(_retag(exc.errors, name))

    def check(self, fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T | None:
        """Call a validator, recording its error.

        Returns:
            The validator's result, or None when it raised ValidationError.
        """
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            self.errors.extend(exc.errors)
            return None

    def raise_if_any(self) -> None:
        """Raise one ValidationError with every recorded error, if any."""
        if self.errors:
            raise ValidationError.many(self.errors)


def _retag(errors: list[FieldError], name: str | None) -> list[FieldError]:
    """Return `errors` attributed to `name` (unchanged when name is None)."""
    if name is None:
        return list(errors)
    return [dataclasses.replace(err, field=name) for err in errors]


# --------------------------------------------------------------------------
# Shared text checks
# --------------------------------------------------------------------------


def _text(value: object, field: str, max_len: int | None, required: bool) -> str | None:
    """Clean a single-line value and apply the checks every text field shares.

    Returns:
        The cleaned text, or None for an empty optional value.
    """
    if value is not None and not isinstance(value, str):
        raise ValidationError(field, "invalid_value")
    text = clean(value)
    return _check_text(text, field, max_len, required, allow_newline=False)


def _check_text(
    text: str, field: str, max_len: int | None, required: bool, *, allow_newline: bool
) -> str | None:
    """Reject hidden characters, then handle emptiness and length."""
    # Controls are checked before emptiness: a value made only of zero-width
    # characters looks blank but is an attack or a paste accident, not "missing".
    if has_control_chars(text, allow_newline=allow_newline):
        raise ValidationError(field, "control_chars")
    if not text:
        if required:
            raise ValidationError(field, "required")
        return None
    if max_len is not None and len(text) > max_len:
        raise ValidationError(field, "too_long", max=max_len)
    return text


def _require(value: str | None, field: str) -> str:
    """Narrow an optional cleaned value known to be required."""
    if value is None:  # pragma: no cover - _text already raised "required"
        raise ValidationError(field, "required")
    return value


def _bad_chars(text: str, allowed: Callable[[str], bool]) -> str:
    """Return the distinct characters of `text` that `allowed` rejects."""
    seen = dict.fromkeys(ch for ch in text if not allowed(ch))
    return " ".join(seen)


def _is_letter_or_mark(ch: str) -> bool:
    """Letters of any script, plus the combining marks NFC cannot compose.

    Variation selectors (U+FE00-U+FE0F) are marks too, but only ever turn a
    symbol into an emoji, so they are refused.
    """
    if ch.isalpha():
        return True
    return unicodedata.category(ch).startswith("M") and not "\ufe00" <= ch <= "\ufe0f"


# --------------------------------------------------------------------------
# What the printed forms can show
# --------------------------------------------------------------------------

#: Letters of other scripts drawn like a Latin letter (Unicode confusables, the ones a
#: Russian or Greek keyboard layout left switched on really types), with that letter.
_LOOKALIKES: dict[str, str] = {
    # Cyrillic
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ѵ": "v",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q",
    "Ԝ": "W", "Һ": "H", "Ӏ": "I",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
    "ρ": "p",
}
#: Printable letters that pass for a Vietnamese one: Icelandic eth, which legacy input
#: methods and converters type for "Đ" (same glyph, different letter: search and
#: duplicate checks would miss it).
_PRINTABLE_LOOKALIKES: dict[str, str] = {"\u00d0": "Đ"}
_PRESENTATION_FORMS = ("FULLWIDTH", "HALFWIDTH", "MATHEMATICAL", "CIRCLED", "PARENTHESIZED",
                       "SQUARED", "NEGATIVE", "SMALL")


def _script(ch: str) -> str:
    """The writing system of a letter, as the first word of its Unicode name.

    Python has no Script property; the name's first word ("LATIN", "CYRILLIC", "CJK",
    "THAI", …) is what Unicode itself groups letters by, and good enough to *name* the
    script in a message: the decision to accept a letter is made by PRINTABLE alone.
    """
    return unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]


def _presentation(ch: str) -> str | None:
    """The plain text a fullwidth, mathematical or other decorated form stands for."""
    plain = unicodedata.normalize("NFKC", ch)
    if plain != ch and plain.strip() and all(c in PRINTABLE for c in plain):
        return plain
    return None


def _suggest(pairs: dict[str, str]) -> str:
    return ", ".join(f"{bad} → {good}" for bad, good in pairs.items())


def _check_printable(text: str, field: str) -> None:
    """Refuse what the bundled fonts cannot print, look-alike letters and mixed scripts.

    The accepted characters are exactly those the fonts have a glyph for
    (``onestop.domain.glyphs``, derived from the TTFs): anything else prints blank or as
    a box on the receipt. The refusal says why, so the clerk knows what to type instead.
    """
    lookalikes = {ch: _PRINTABLE_LOOKALIKES[ch] for ch in text if ch in _PRINTABLE_LOOKALIKES}
    if lookalikes:
        raise ValidationError(field, "lookalike_chars", chars=" ".join(lookalikes),
                              suggestion=_suggest(lookalikes))
    bad = [ch for ch in dict.fromkeys(text) if ch not in PRINTABLE and ch != "\n"]
    if not bad:
        return
    forms = {ch: plain for ch in bad if (plain := _presentation(ch)) is not None}
    if forms:
        raise ValidationError(field, "lookalike_chars", chars=" ".join(forms),
                              suggestion=_suggest(forms))
    # A Latin letter the fonts lack (ĉ, ŋ) is not "another script": it is unprintable.
    foreign = [ch for ch in bad if ch.isalpha() and _script(ch) != "LATIN"]
    latin = any(ch.isalpha() and _script(ch) == "LATIN" for ch in text)
    twins = {ch: _LOOKALIKES[ch] for ch in foreign if ch in _LOOKALIKES}
    if twins and latin:
        raise ValidationError(field, "mixed_scripts", chars=" ".join(twins),
                              script=messages.script_name(_script(next(iter(twins)))),
                              suggestion=_suggest(twins))
    if foreign:
        raise ValidationError(field, "other_script", chars=" ".join(foreign[:5]),
                              script=messages.script_name(_script(foreign[0])))
    raise ValidationError(field, "unprintable_chars", chars=" ".join(bad[:5]))


# --------------------------------------------------------------------------
# Names and free text
# --------------------------------------------------------------------------

# Word processors and phones type U+2019 for an apostrophe; pasted text also
# brings curly quotes (U+2018, U+201C, U+201D) and the en dash (U+2013).
_APOSTROPHE = "\u2019"
_NAME_PUNCTUATION = frozenset(" '-." + _APOSTROPHE)
_ORG_PUNCTUATION = frozenset(" .,-()&/'\"" + _APOSTROPHE + "\u2018\u201c\u201d\u2013")


def _name_char(ch: str) -> bool:
    return ch in _NAME_PUNCTUATION or _is_letter_or_mark(ch)


def _org_char(ch: str) -> bool:
    return ch in _ORG_PUNCTUATION or ch.isdecimal() or _is_letter_or_mark(ch)


def person_name(value: str | None, field: str = "name", max_len: int = 100,
                required: bool = True) -> str | None:
    """Validate a person's full name.

    Allows the Latin letters the bundled fonts print (Vietnamese and the Latin
    alphabets of foreign passports), spaces, apostrophes, hyphens and dots;
    digits, emoji, symbols (including SQL/HTML metacharacters), letters of other
    scripts and look-alikes are refused (a foreign name in another script is
    written in its Latin form; the original goes into the dossier's notes).

    Returns:
        The cleaned NFC name (U+2019 stored as "'"), or None when optional and empty.

    Raises:
        ValidationError: required, too_long, too_short, control_chars,
            invalid_chars, lookalike_chars, mixed_scripts, other_script,
            unprintable_chars or invalid_value (no letter at all).
    """
    text = _text(value, field, max_len, required)
    if text is None:
        return None
    bad = _bad_chars(text, _name_char)
    if bad:
        raise ValidationError(field, "invalid_chars", chars=bad)
    _check_printable(text, field)
    # Printable letters that are not Latin letters (ª º µ ˆ ˇ) are signs, not names.
    bad = _bad_chars(text, lambda ch: not ch.isalpha() or _script(ch) == "LATIN")
    if bad:
        raise ValidationError(field, "invalid_chars", chars=bad)
    if len(text) < 2:
        raise ValidationError(field, "too_short", min=2)
    # One apostrophe for storage, so duplicates and searches match.
    text = text.replace(_APOSTROPHE, "'")
    if not any(ch.isalpha() for ch in text):
        raise ValidationError(field, "invalid_value")
    return text


def org_name(value: str | None, field: str = "org", max_len: int = 200,
             required: bool = False) -> str | None:
    """Validate an organisation name.

    Allows letters, digits, spaces and . , - ( ) & / ' " (and their
    typographic variants, common in pasted text).

    Returns:
        The cleaned name, or None when optional and empty.

    Raises:
        ValidationError: required, too_long, control_chars, invalid_chars or
            one of the printability codes of person_name.
    """
    text = _text(value, field, max_len, required)
    if text is None:
        return None
    bad = _bad_chars(text, _org_char)
    if bad:
        raise ValidationError(field, "invalid_chars", chars=bad)
    _check_printable(text, field)
    return text


def free_text(value: str | None, field: str, max_len: int, required: bool = False,
              multiline: bool = False, printed: bool = True) -> str | None:
    """Validate free text such as a reason or a note.

    Args:
        value: Raw text.
        field: Field key for errors.
        max_len: Maximum length in characters after cleaning.
        required: Whether empty text is an error.
        multiline: Keep line breaks (normalised to LF) instead of folding
            them into spaces; other controls are still refused.
        printed: Whether the text can appear on a printed form (every field but
            the dossier's own notes, which hold e.g. a foreign name in its
            original script): then only what the bundled fonts print is accepted.

    Returns:
        The cleaned text, or None when optional and empty.
    """
    if not multiline:
        text = _text(value, field, max_len, required)
    else:
        if value is not None and not isinstance(value, str):
            raise ValidationError(field, "invalid_value")
        text = _check_text(clean_multiline(value), field, max_len, required,
                           allow_newline=True)
    if text is not None and printed:
        _check_printable(text, field)
    return text


# --------------------------------------------------------------------------
# Citizen ID (số định danh cá nhân / CCCD)
# --------------------------------------------------------------------------

#: Province-of-birth-registration codes of the 63 pre-2025 provinces
#: (TT 07/2016/TT-BCA Phụ lục I).  Numbers keep these codes after the 2025
#: mergers, so they must not be checked against the 34-province list.
PROVINCE_CODES: frozenset[str] = frozenset({
    "001", "002", "004", "006", "008", "010", "011", "012", "014", "015", "017", "019", "020",
    "022", "024", "025", "026", "027", "030", "031", "033", "034", "035", "036", "037", "038",
    "040", "042", "044", "045", "046", "048", "049", "051", "052", "054", "056", "058", "060",
    "062", "064", "066", "067", "068", "070", "072", "074", "075", "077", "079", "080", "082",
    "083", "084", "086", "087", "089", "091", "092", "093", "094", "095", "096",
})

_CCCD = re.compile(r"[0-9]{12}")
_ID_SPACES = re.compile(r"\s+")
_FIRST_CENTURY = 19  # digit 0/1 -> 1900s; each further pair adds a century.


def _century_digit(year: int, female: bool) -> int:
    """Digit 4 of a CCCD for a birth year and sex (0/1 = 1900s male/female)."""
    return (year // 100 - _FIRST_CENTURY) * 2 + int(female)


def citizen_id(value: str | None, field: str = "id_number", birth_date: date | None = None,
               required: bool = False) -> str | None:
    """Validate a 12-digit personal identification number.

    Checks the structure of Điều 13 NĐ 137/2015/NĐ-CP: digits 1-3 a
    province code, digit 4 century (and sex), digits 5-6 the birth year.

    Args:
        value: Raw number; spaces are ignored ("079 203 001 234").
        field: Field key for errors.
        birth_date: When known, digits 4-6 must agree with it.
        required: Whether an empty value is an error.

    Returns:
        The 12 digits, or None when optional and empty.
    """
    if value is not None and not isinstance(value, str):
        raise ValidationError(field, "invalid_value")
    raw = clean(value)
    if has_control_chars(raw):
        raise ValidationError(field, "control_chars")
    digits = _ID_SPACES.sub("", raw)
    if not digits:
        if required:
            raise ValidationError(field, "required")
        return None
    if not _CCCD.fullmatch(digits):
        raise ValidationError(field, "id_number_format")
    if digits[:3] not in PROVINCE_CODES:
        raise ValidationError(field, "id_number_province", value=digits[:3])
    if birth_date is not None:
        _check_birth(digits, field, birth_date.year)
    return digits


def _check_birth(digits: str, field: str, year: int) -> None:
    """Check digits 4-6 of a CCCD against the birth year."""
    if int(digits[3]) // 2 + _FIRST_CENTURY != year // 100:
        raise ValidationError(field, "id_number_century", year=year)
    expected = f"{year % 100:02d}"
    if digits[4:6] != expected:
        raise ValidationError(field, "id_number_year", expected=expected)


def citizen_id_for(province: str, birth_date: date, female: bool, serial: int) -> str:
    """Build a structurally valid CCCD number (for demo and test data).

    Args:
        province: A code from PROVINCE_CODES.
        birth_date: Birth date; the year must be 1900-2399.
        female: Sex, encoded in digit 4.
        serial: The last six digits, 0-999999.

    Returns:
        The 12-digit number.

    Raises:
        ValueError: For an unknown province, a year out of range or a bad serial.
    """
    if province not in PROVINCE_CODES:
        raise ValueError(f"unknown province code {province!r}")
    if not 1900 <= birth_date.year <= 2399:
        raise ValueError("birth year must be 1900-2399")
    if not 0 <= serial <= 999_999:
        raise ValueError("serial must be 0-999999")
    century = _century_digit(birth_date.year, female)
    return f"{province}{century}{birth_date.year % 100:02d}{serial:06d}"


def _mask(value: str, keep_head: int, keep_tail: int) -> str:
    """Replace the middle of `value` with asterisks."""
    if len(value) <= keep_head + keep_tail:
        return "*" * len(value)
    hidden = len(value) - keep_head - keep_tail
    return value[:keep_head] + "*" * hidden + value[len(value) - keep_tail:]


def mask_citizen_id(value: str) -> str:
    """Mask a CCCD for screens and prints: "079203001234" -> "079******234"."""
    return _mask(value, 3, 3)


def mask_phone(value: str) -> str:
    """Mask a phone number: "0912345678" -> "0912***678"."""
    return _mask(value, 4, 3)


# --------------------------------------------------------------------------
# Contact details
# --------------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]+")
_MOBILE = re.compile(r"0[35789][0-9]{8}")
_LANDLINE = re.compile(r"02[0-9]{8,9}")


def _national_phone(compact: str) -> str:
    """Turn +84 / 0084 / 84 prefixes into the national leading 0."""
    for prefix in ("+84", "0084", "84"):
        if compact.startswith(prefix) and len(compact) > len(prefix) + 8:
            rest = compact[len(prefix):]
            # People write "+84 (0) 912…": drop that trunk 0 as well.
            return rest if rest.startswith("0") else "0" + rest
    return compact


_PHONE_QUERY = re.compile(r"\+?[0-9]+")


def phone_search_key(text: str) -> str | None:
    """The stored (national) form of a phone number typed into a search, else None.

    ``+84 912 345 678``, ``0084912345678``, ``0912.345.678`` and ``0912-345-678`` all give
    ``0912345678``, the form :func:`phone` stores. Only ASCII digits count; fewer than nine
    digits is not a phone number.
    """
    compact = _PHONE_SEPARATORS.sub("", text)
    if not _PHONE_QUERY.fullmatch(compact) or len(compact.lstrip("+")) < 9:
        return None
    number = _national_phone(compact)
    return number if number.isdigit() else None


def is_mobile(number: str) -> bool:
    """Whether a number in national form (as :func:`phone` returns it) is a mobile number."""
    return _MOBILE.fullmatch(number) is not None


def phone(value: str | None, field: str = "phone", required: bool = False) -> str | None:
    """Validate and normalise a Vietnamese phone number.

    Accepts spaces, dots, dashes, parentheses and a +84/84 prefix.

    Returns:
        The national form ("0912345678"), or None when optional and empty.

    Raises:
        ValidationError: required, control_chars or phone_format.
    """
    text = _text(value, field, 40, required)
    if text is None:
        return None
    number = _national_phone(_PHONE_SEPARATORS.sub("", text))
    if _MOBILE.fullmatch(number) or _LANDLINE.fullmatch(number):
        return number
    raise ValidationError(field, "phone_format")


_EMAIL_MAX = 254
_LOCAL_MAX = 64
_EMAIL = re.compile(
    r"(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})"
)


def email(value: str | None, field: str = "email", required: bool = False) -> str | None:
    """Validate an e-mail address (dot-atom local part, DNS domain).

    Returns:
        The address with its domain lower-cased (the local part is
        case-sensitive in theory), or None when optional and empty.

    Raises:
        ValidationError: required, too_long, control_chars or email_format.
    """
    text = _text(value, field, _EMAIL_MAX, required)
    if text is None:
        return None
    match = _EMAIL.fullmatch(text)
    if match is None or len(match["local"]) > _LOCAL_MAX:
        raise ValidationError(field, "email_format")
    return f"{match['local']}@{match['domain'].lower()}"


# --------------------------------------------------------------------------
# Dates and instants
# --------------------------------------------------------------------------

_ISO_DATE = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})")
_VN_DATE = re.compile(r"(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})")
_VN_DATETIME = re.compile(
    r"(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})"
    r" (?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?"
)
_INSTANT_MIN = date(2000, 1, 1)


def _date_from_match(match: re.Match[str], field: str, raw: str) -> date:
    """Build a date from a regex match, reporting impossible calendars."""
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        raise ValidationError(field, "date_impossible", value=raw) from None


def _match_date(text: str, field: str) -> date:
    """Parse YYYY-MM-DD or DD/MM/YYYY."""
    match = _ISO_DATE.fullmatch(text) or _VN_DATE.fullmatch(text)
    if match is None:
        raise ValidationError(field, "date_format")
    return _date_from_match(match, field, text)


def parse_date(value: str | date | None, field: str, min_date: date = date(1900, 1, 1),
               max_date: date | None = None) -> date:
    """Parse a calendar date typed as YYYY-MM-DD or DD/MM/YYYY.

    Args:
        value: Text or a date (a datetime is reduced to its date).
        field: Field key for errors.
        min_date: Earliest accepted date.
        max_date: Latest accepted date (e.g. today for a birth date).

    Returns:
        The date.

    Raises:
        ValidationError: required, control_chars, date_format,
            date_impossible, date_too_early or date_future.
    """
    if isinstance(value, datetime):
        parsed = value.date()
    elif isinstance(value, date):
        parsed = value
    else:
        parsed = _match_date(_require(_text(value, field, 40, True), field), field)
    if parsed < min_date:
        raise ValidationError(field, "date_too_early", min=min_date)
    if max_date is not None and parsed > max_date:
        raise ValidationError(field, "date_future", max=max_date)
    return parsed


def _parse_datetime_text(text: str, field: str) -> datetime:
    """Parse ISO 8601 (or "DD/MM/YYYY HH:MM[:SS]") into a datetime."""
    vn = _VN_DATETIME.fullmatch(text)
    if vn is not None:
        day = _date_from_match(vn, field, text)
        try:
            return datetime(day.year, day.month, day.day, int(vn["H"]), int(vn["M"]),
                            int(vn["S"] or 0))
        except ValueError:
            raise ValidationError(field, "datetime_format") from None
    # A bare date would silently become midnight, which is never what a
    # clerk recording an event means.
    if len(text) <= 10:
        raise ValidationError(field, "datetime_format")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        _raise_if_impossible_date(text, field)
        raise ValidationError(field, "datetime_format") from None


def _raise_if_impossible_date(text: str, field: str) -> None:
    """Report "2023-02-30T…" as an impossible date rather than a format error."""
    match = _ISO_DATE.match(text)
    if match is not None:
        _date_from_match(match, field, text)


def _to_utc(moment: datetime, tz: tzinfo) -> datetime:
    """Attach `tz` to a naive value and convert to UTC."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=tz)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        # Only at the ends of year 1 / 9999: clamp so the range checks that
        # follow report "too early" / "in the future" instead of crashing.
        edge = datetime.min if moment.year < 2000 else datetime.max
        return edge.replace(tzinfo=UTC)


def parse_instant(value: str | datetime | None, field: str, tz: tzinfo,
                  now: datetime | None = None,
                  max_future: timedelta = timedelta(minutes=5)) -> datetime:
    """Parse a point in time such as the moment a dossier was received.

    Args:
        value: ISO 8601 text (offset optional) or a datetime.
        field: Field key for errors.
        tz: Zone of naive values (the desk's local time).
        now: Current time; defaults to the system clock.  Naive means `tz`.
        max_future: Tolerated clock skew into the future.

    Returns:
        An aware datetime in UTC.

    Raises:
        ValidationError: required, control_chars, datetime_format,
            date_impossible, date_too_early or datetime_future.
    """
    if isinstance(value, datetime):
        moment = value
    else:
        moment = _parse_datetime_text(_require(_text(value, field, 64, True), field), field)
    utc = _to_utc(moment, tz)
    if utc < datetime(2000, 1, 1, tzinfo=tz):
        raise ValidationError(field, "date_too_early", min=_INSTANT_MIN)
    reference = _to_utc(now, tz) if now is not None else datetime.now(UTC)
    if utc - reference > max_future:
        minutes = int(max_future.total_seconds() // 60)
        raise ValidationError(field, "datetime_future", minutes=minutes)
    return utc


# --------------------------------------------------------------------------
# Choices, numbers, passwords
# --------------------------------------------------------------------------


def choice(value: str | None, field: str, choices: Iterable[str]) -> str:
    """Check that a value is one of a fixed set.

    Returns:
        The cleaned value.

    Raises:
        ValidationError: required, control_chars or invalid_choice.
    """
    options = list(choices)
    text = _require(_text(value, field, None, True), field)
    if text not in options:
        raise ValidationError(field, "invalid_choice", choices=options)
    return text


_INTEGER = re.compile(r"[+-]?[0-9]+")


def _parse_int_text(text: str, field: str, min_value: int, max_value: int) -> int:
    """Parse ASCII digits without ever converting an absurdly long string."""
    if not _INTEGER.fullmatch(text):
        raise ValidationError(field, "number_format")
    significant = text.lstrip("+-").lstrip("0")
    # Anything longer than the widest bound is out of range; checking the
    # length first avoids int()'s 4300-digit limit and quadratic parsing.
    widest = max(len(str(abs(min_value))), len(str(abs(max_value))))
    if len(significant) > widest:
        raise ValidationError(field, "number_range", min=min_value, max=max_value)
    return int(text)


def int_range(value: str | int | None, field: str, min_value: int, max_value: int) -> int:
    """Parse an integer and check its range.

    Args:
        value: An int or ASCII digits with an optional sign.
        field: Field key for errors.
        min_value: Smallest accepted value.
        max_value: Largest accepted value.

    Returns:
        The integer.

    Raises:
        ValidationError: required, control_chars, number_format or number_range.
    """
    if isinstance(value, bool) or not isinstance(value, (int, str, type(None))):
        # bool is an int subclass; True as "1 set of documents" is a bug.
        raise ValidationError(field, "number_format")
    if isinstance(value, int):
        number = value
    else:
        text = _require(_text(value, field, None, True), field)
        number = _parse_int_text(text, field, min_value, max_value)
    if not min_value <= number <= max_value:
        raise ValidationError(field, "number_range", min=min_value, max=max_value)
    return number


_PASSWORD_MAX = 256


def _char_classes(text: str) -> int:
    """Count the character classes (lower, upper, digit, other) used."""
    return sum((
        any(ch.islower() for ch in text),
        any(ch.isupper() for ch in text),
        any(ch.isdigit() for ch in text),
        any(not ch.isalnum() for ch in text),
    ))


def password(value: str | None, field: str = "password", min_len: int = 8) -> str:
    """Check a new password's strength.

    The password is NFC-normalised (so the same keys on another input
    method give the same password) but spaces are kept as typed.

    Returns:
        The NFC password.

    Raises:
        ValidationError: required, control_chars, too_long or weak_password.
    """
    if value is not None and not isinstance(value, str):
        raise ValidationError(field, "invalid_value")
    text = unicodedata.normalize("NFC", value or "")
    text = _require(_check_text(text, field, _PASSWORD_MAX, True, allow_newline=False), field)
    if len(text) < min_len or _char_classes(text) < 2:
        raise ValidationError(field, "weak_password", min=min_len)
    return text
