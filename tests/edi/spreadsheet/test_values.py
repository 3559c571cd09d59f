"""Cell values as Vendor Central writes them (no database)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from edi.spreadsheet.headers import normalise
from edi.spreadsheet.values import CellProblem, amount, day_first_in, day_start, whole_number


@pytest.mark.parametrize(("cell", "decimal_comma", "expected"), [
    ("12,50 €", True, (Decimal("12.50"), "EUR")),
    ("$12.50", False, (Decimal("12.50"), "USD")),
    ("12.50", False, (Decimal("12.50"), "EUR")),
    ("12.50", True, (Decimal("12.50"), "EUR")),
    ("1.234,50", True, (Decimal("1234.50"), "EUR")),
    ("1,234.50", False, (Decimal("1234.50"), "EUR")),
    ("1.234", True, (Decimal("1234"), "EUR")),
    ("1.234", False, (Decimal("1.234"), "EUR")),
    ("1,234", False, (Decimal("1234"), "EUR")),
    ("1 234,50 EUR", True, (Decimal("1234.50"), "EUR")),
    ("£7.90", False, (Decimal("7.90"), "GBP")),
    ("R$ 10,00", True, (Decimal("10.00"), "BRL")),
    (18.4, True, (Decimal("18.4"), "EUR")),
    (7, True, (Decimal("7"), "EUR")),
    (1.123456, True, (Decimal("1.1235"), "EUR")),
])
def test_amounts(cell, decimal_comma, expected):
    assert amount(cell, default_currency="EUR", decimal_comma=decimal_comma) == expected


def test_a_dollar_is_the_marketplaces_dollar():
    assert amount("$5.00", default_currency="CAD", decimal_comma=False) == (Decimal("5.00"),
                                                                             "CAD")


@pytest.mark.parametrize("cell", ["cheap", "12,50,30.1.1x", "-3", "€", "1e5"])
def test_not_amounts(cell):
    with pytest.raises(CellProblem):
        amount(cell, default_currency="EUR", decimal_comma=True)


@pytest.mark.parametrize(("cell", "expected"), [("10", 10), (" 10 ", 10), (10, 10),
                                                (10.0, 10), ("0", 0)])
def test_whole_numbers(cell, expected):
    assert whole_number(cell) == expected


@pytest.mark.parametrize("cell", ["dieci", "2.5", 2.5, "-1", "١٢", True, "99999999999"])
def test_not_whole_numbers(cell):
    with pytest.raises(CellProblem):
        whole_number(cell)


@pytest.mark.parametrize(("cell", "day_first", "expected"), [
    ("01/12/2026", True, (2026, 12, 1)),
    ("01/12/2026", False, (2026, 1, 12)),
    ("01.12.2026", False, (2026, 12, 1)),
    ("1/2/26", True, (2026, 2, 1)),
    ("2026-12-01", True, (2026, 12, 1)),
    ("2026-12-01 00:00:00", True, (2026, 12, 1)),
    ("01/12/2026 08:00", True, (2026, 12, 1)),
    (datetime(2026, 12, 1, 9, 30, tzinfo=UTC), True, (2026, 12, 1)),
])
def test_dates_are_midnight_utc(cell, day_first, expected):
    assert day_start(cell, day_first=day_first) == datetime(*expected, tzinfo=UTC)


@pytest.mark.parametrize("cell", ["31/02/2026", "tomorrow", "2026-13-01", "01/13/2026"])
def test_not_dates(cell):
    with pytest.raises(CellProblem):
        day_start(cell, day_first=True)


def test_the_dates_of_a_file_show_which_comes_first():
    assert day_first_in(["01/02/2026", "13/02/2026"], default=False) is True
    assert day_first_in(["01/02/2026", "02/13/2026"], default=True) is False
    assert day_first_in(["01/02/2026", None, ""], default=False) is False
    assert day_first_in(["13/02/2026", "02/13/2026"], default=True) is True


def test_headers_normalise_case_spacing_line_breaks_and_apostrophes():
    assert normalise(" Numero ordine/ordine\nd’acquisto ") == normalise(
        "NUMERO ORDINE/ORDINE D'ACQUISTO")
