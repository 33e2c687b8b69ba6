"""The password policy of a real database: long enough, not common, not the account name.

Applied wherever a password is set (``user add``/``user passwd``, the first-run wizard, the
users screen, the first admin created at the login screen), always through the services:

* at least :data:`MIN_LENGTH` characters, two kinds of characters (domain.validation);
* not the account name and not containing it (a name of 4 characters or more);
* not common or guessable: the zxcvbn library estimates how many guesses a cracker needs,
  matching against the most used passwords of public leaks, English words and names it
  ships, keyboard patterns, dates and l33t spellings, plus the account name and the words of
  ``resources/passwords/local_words.txt`` (the application's own words, Vietnamese words and
  places users often build passwords on). Below :data:`MIN_SCORE` (≈ 10⁸ guesses) is refused.
  ``password1``, ``Admin@123`` and the published demo password ``Demo@2026`` all are.

Only a database filled by ``onestop demo`` is exempt (its accounts use the password printed
in the README); there the old rule (8 characters, two kinds) still applies.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from onestop.config import resources_dir
from onestop.domain import text as tx
from onestop.domain import validation as v
from onestop.domain.validation import ValidationError

MIN_LENGTH = 10
MIN_SCORE = 3
#: zxcvbn's cost grows with the length; the tail of a very long password changes nothing.
_SCORED_CHARS = 64
#: A name this long or longer may not appear inside the password (a shorter one, e.g. "an",
#: is inside too many good passwords to forbid); equal to it is refused at any length.
_NAME_INSIDE = 4
_SEPARATORS = re.compile(r"[\s\-_.]+")
#: The password every demo database publishes (services.demo.DEMO_PASSWORD).
DEMO_PASSWORD = "Demo@2026"


@functools.cache
def local_words() -> tuple[str, ...]:
    """The words of ``resources/passwords/local_words.txt``, in order (weakest first)."""
    path = resources_dir() / "passwords" / "local_words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def check(password: str | None, username: str | None = None, field: str = "password",
          demo: bool = False) -> str:
    """Check a new password against the policy; return it NFC-normalised.

    Args:
        password: the new password, as typed.
        username: the account it is for (it must not be in the password).
        field: the field named in the error.
        demo: the database is a demo database (only the basic rule applies).

    Raises:
        ValidationError: ``weak_password`` (too short, one kind of character),
            ``password_has_username`` or ``password_common``.
    """
    if demo:
        return v.password(password, field)
    text = v.password(password, field, min_len=MIN_LENGTH)
    folded = _fold(text)
    name = _fold(username or "")
    bare = name.replace(".", "")
    if name and (folded == name or (len(bare) >= _NAME_INSIDE and (name in folded
                                                                   or bare in folded))):
        raise ValidationError(field, "password_has_username")
    if folded == _fold(DEMO_PASSWORD) or _score(text, name) < MIN_SCORE:
        raise ValidationError(field, "password_common")
    return text


def _fold(value: str) -> str:
    """Lower case without diacritics ("Mật khẩu" → "mat khau"): how words are compared."""
    return tx.fold(unicodedata.normalize("NFC", value)) if value else ""


def _score(text: str, username: str) -> int:
    from zxcvbn import zxcvbn  # 0.3 s to load its lists: only when a password is set

    inputs = [username, *local_words()] if username else list(local_words())
    # diacritics folded: "Mậtkhẩu@2026" is as guessable as "Matkhau@2026"; and separators
    # between words hide nothing: "Mat-khau-2026" is "matkhau2026" ("password2026")
    scored = text if text.isascii() else _fold(text)
    joined = _SEPARATORS.sub("", scored)
    return min(int(zxcvbn(t[:_SCORED_CHARS], user_inputs=inputs)["score"])
               for t in {scored, joined} if t)
