"""Cells of a distributor feed: money, stock counts with their caps, flags, lengths.

Each parser returns the value to stage or raises RowRejected with a sentence naming the column;
money stays text (the database parses it), checked as a number here so a bad cell is one
rejected row, never a failed file.
"""

import math

MONEY_NOISE = str.maketrans("", "", "$€£ ,")


class RowRejected(ValueError):
    """One row cannot be used; the message names the column and the value."""


def money(cell: str, column: str) -> str | None:
    text = cell.strip().translate(MONEY_NOISE)
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise RowRejected(f"{column} {cell.strip()!r} is not an amount") from None
    if not math.isfinite(number) or number < 0:
        raise RowRejected(f"{column} {cell.strip()!r} is not an amount of 0 or more")
    if number >= 10**10:
        raise RowRejected(f"{column} {cell.strip()!r} is too large")
    return text


def count(cell: str, column: str) -> int:
    text = cell.strip()
    if not text:
        return 0
    try:
        number = float(text.replace(",", ""))
    except ValueError:
        raise RowRejected(f"{column} {text!r} is not a quantity") from None
    if not math.isfinite(number) or number != int(number):
        raise RowRejected(f"{column} {text!r} is not a whole quantity")
    return max(int(number), 0)  # some feeds write -1 for "none"


def required(cell: str, column: str, longest: int) -> str:
    text = cell.strip()
    if not text:
        raise RowRejected(f"{column} is empty")
    if len(text) > longest:
        raise RowRejected(f"{column} {text[:20]!r}… is longer than {longest} characters")
    return text


def clipped(cell: str, longest: int) -> str:
    return cell.strip()[:longest]


def flag(cell: str) -> bool:
    return cell.strip().lower() in {"1", "y", "yes", "true", "t", "x"}
