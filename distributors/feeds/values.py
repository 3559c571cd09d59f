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
    # Called for millions of cells: the plain number is tried first, the cleaning only after.
    try:
        number, text = float(cell), cell.strip()
    except ValueError:
        text = cell.strip().translate(MONEY_NOISE)
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise RowRejected(f"{column} {cell.strip()!r} is not an amount") from None
    if not 0 <= number < 10**10:  # also refuses NaN
        raise RowRejected(f"{column} {cell.strip()!r} is not an amount from 0 to 10^10")
    return text


def count(cell: str, column: str) -> int:
    try:
        return max(int(cell), 0)  # some feeds write -1 for "none"
    except ValueError:
        pass
    text = cell.strip().replace(",", "")
    if not text:
        return 0
    try:
        number = float(text)
    except ValueError:
        raise RowRejected(f"{column} {cell.strip()!r} is not a quantity") from None
    if not math.isfinite(number) or number != int(number):
        raise RowRejected(f"{column} {cell.strip()!r} is not a whole quantity")
    return max(int(number), 0)


def required(cell: str, column: str, longest: int) -> str:
    text = cell.strip()
    if not text:
        raise RowRejected(f"{column} is empty")
    if len(text) > longest:
        raise RowRejected(f"{column} {text[:20]!r}… is longer than {longest} characters")
    return text


def flag(cell: str) -> bool:
    return cell.strip().lower() in {"1", "y", "yes", "true", "t", "x"}
