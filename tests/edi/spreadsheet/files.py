"""Spreadsheet files as Vendor Central writes them, built in the tests."""

import csv
import io

import openpyxl

from sandbox.catalog import DEMO_CATALOG

EN_HEADER = ["PO", "Vendor", "Ship to location", "ASIN", "External Id", "Model Number", "Title",
             "Availability", "Window start", "Window end", "Expected date",
             "Quantity Requested", "Accepted quantity", "Unit Cost"]
IT_HEADER = ["Numero ordine/ordine d’acquisto", "Codice fornitore", "Fulfillment Center", "ASIN",
             "Codice identificativo esterno", "Numero di modello", "Titolo",
             "Stato disponibilità", "Inizio consegna", "Termine consegna",
             "Data di consegna prevista", "Quantità ordinata", "Quantità confermata", "Costo"]
DE_HEADER = ["Bestellnummer", "Lieferantencode", "Versandort", "ASIN", "Externe ID",
             "Modellnummer", "Titel", "Verfügbarkeit", "Beginn des Lieferfensters",
             "Ende des Lieferfensters", "Voraussichtliches Datum", "Angeforderte Menge",
             "Akzeptierte Menge", "Stückpreis"]
SKILLET, DUTCH_OVEN, BOARD = DEMO_CATALOG[0], DEMO_CATALOG[1], DEMO_CATALOG[2]


def row(po: str, product, quantity="10", cost="18.40", *, vendor="DEMO1", fc="ABE8",
        start="01/12/2026", end="15/12/2026", expected="14/12/2026") -> list[str]:
    """One line in the column order of the headers above."""
    return [po, vendor, fc, product.asin, product.ean, product.sku, product.title, "", start,
            end, expected, quantity, "", cost]


def en_rows() -> list[list[str]]:
    return [row("4A7B9C2D", SKILLET, "10", "$18.40"),
            row("4A7B9C2D", DUTCH_OVEN, "4", "$32.75"),
            row("5B8C1D3E", BOARD, "6", "$24.10", fc="PHX7")]


def csv_bytes(rows: list[list[object]], *, delimiter: str = ",", encoding: str = "utf-8",
              preamble: list[list[str]] = ()) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([*preamble, *rows])
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], *, sheet: str = "Articoli",
               preamble: list[list[str]] = (), before: tuple[str, ...] = ()) -> bytes:
    """A workbook whose sheet `sheet` holds `preamble` then `rows`; `before` names empty
    sheets placed in front of it."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name in before:
        workbook.create_sheet(name).append(["Riepilogo"])
    worksheet = workbook.create_sheet(sheet)
    for values in [*preamble, *rows]:
        worksheet.append(values)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_rows(content: bytes, sheet: str = "Articoli") -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    try:
        return list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()


def csv_rows(content: bytes, *, delimiter: str = ",", encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode(encoding), newline=""),
                           delimiter=delimiter))
