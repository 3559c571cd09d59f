"""Fitting our buyers' addresses into distributors' narrow, ASCII-only fields."""

import re
import textwrap
import unicodedata
from decimal import Decimal, InvalidOperation

# Letters that Unicode does not decompose into an ASCII base letter.
_SPELLED_OUT = str.maketrans({
    "ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Ø": "O", "ø": "o",
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Þ": "Th", "þ": "th", "ı": "i",
    "‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "№": "No",
})


def ascii_text(value: str) -> str:
    """`value` in printable ASCII: accents dropped (José → Jose), spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", value.translate(_SPELLED_OUT))
    plain = "".join(char for char in decomposed if " " <= char <= "~" or char.isspace())
    return re.sub(r"\s+", " ", plain).strip()


def clipped(value: str, limit: int) -> str:
    """`value` cut to `limit` characters, at a word boundary when that keeps most of it."""
    if len(value) <= limit:
        return value
    cut = value[: limit + 1].rsplit(" ", 1)[0]
    if len(cut) < limit * 2 // 3:  # one long word: a hard cut keeps more of it
        cut = value[:limit]
    return cut[:limit].rstrip()


def wrapped(value: str, width: int) -> list[str]:
    """`value` as lines of at most `width` characters, broken between words where possible."""
    return textwrap.wrap(value, width, break_long_words=True, break_on_hyphens=False)


def digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def us_phone(value: str) -> str:
    """A phone number as digits, without the +1 country code of a US number."""
    number = digits(value)
    return number[1:] if len(number) == 11 and number.startswith("1") else number


def count_of(value: object) -> int:
    """A stock count as a whole number, 0 when missing or unreadable."""
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def decimal_of(value: object) -> Decimal | None:
    """A price as Decimal (from its string, never through float), None when missing."""
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None
