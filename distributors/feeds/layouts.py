"""The column layouts of the distributors' nightly files, each turning a row into staged rows
(one per warehouse column it carries).

Headers are found by name (whatever their case, spacing or order, as the public importers do),
so a distributor adding or moving columns changes nothing. A missing required column rejects
the file before anything is read; a missing optional column leaves that field as it was.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from distributors.feeds.values import RowRejected, count, flag, money, required

# One staged row: the order of distributors.services.staging.COLUMNS.
Staged = tuple
PU_PLUS = 10  # Parts Unlimited writes "+" above its display cap; the cap is not published
TEXTS = (("mpn", 64), ("upc", 14), ("brand", 100), ("description", 500))
AMOUNTS = (("cost", "cost"), ("msrp", "MSRP"))
COMMON = (*(name for name, _ in TEXTS), *(name for name, _ in AMOUNTS), "fee")


class FeedRejected(ValueError):
    """The file as a whole cannot be read; nothing of it is applied."""


class UnknownWarehouse(LookupError):
    """A row names a warehouse code not seen before: it has to be created first."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class Warehouses(Protocol):
    def id_for(self, code: str) -> int:
        """The warehouse's id, creating it when it is new."""

    def known(self, code: str) -> int:
        """The warehouse's id, or UnknownWarehouse (no database access)."""


@dataclass(frozen=True)
class Layout:
    """Which header holds which field; `warehouses` pairs a warehouse code with the header of
    its quantity. `warehouse_column` instead names a column holding the warehouse code."""

    name: str
    part_number: str
    warehouses: tuple[tuple[str, str], ...] = ()
    warehouse_column: str = ""
    quantity_column: str = ""
    optional: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field → headers
    cap: int | None = None  # a quantity at the cap means "this or more"
    unavailable_statuses: frozenset[str] = frozenset()
    status_column: str = ""
    eligible_column: str = ""  # a false flag here means "not drop-shippable"

    def bind(self, header: Sequence[str], warehouses: Warehouses,
             blank: str | None = None) -> "BoundLayout":
        """The row parser for a file with this header. `blank` is what an empty text cell
        stages as (None: keep what the item had)."""
        positions = {_key(name): index for index, name in enumerate(header)}
        return BoundLayout(self, positions, warehouses, blank)


def _key(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


class BoundLayout:
    """A layout matched to one file's header row: column positions found once, and only the
    columns the file has are read (this runs for millions of rows)."""

    def __init__(self, layout: Layout, positions: dict[str, int], warehouses: Warehouses,
                 blank: str | None):
        self.layout, self.positions, self.blank = layout, positions, blank
        self.part = self._required(layout.part_number)
        self.texts = tuple((self._first(layout.optional.get(name, ())), longest)
                           for name, longest in TEXTS)
        self.amounts = tuple((self._first(layout.optional.get(name, ())), label)
                             for name, label in AMOUNTS)
        self.fee = self._first(layout.optional.get("fee", ()))
        self.status = self._first((layout.status_column,)) if layout.status_column else None
        self.eligible = self._first((layout.eligible_column,)) if layout.eligible_column else None
        if layout.warehouse_column:
            self.stock = [(None, self._required(layout.warehouse_column),
                           self._required(layout.quantity_column))]
        else:  # codes resolved once: every row of the file names the same warehouses
            columns = [(code, self._required(header)) for code, header in layout.warehouses]
            self.stock = [(warehouses.id_for(code), None, position)
                          for code, position in columns]
        self.warehouse_id = warehouses.known

    @property
    def rows_per_line(self) -> int:
        return len(self.stock)

    def _required(self, header: str) -> int:
        position = self.positions.get(_key(header))
        if position is None:
            raise FeedRejected(f"The file has no '{header}' column, which the {self.layout.name} "
                               "layout needs; check the feed's layout or column map.")
        return position

    def _first(self, headers: Sequence[str]) -> int | None:
        return next((self.positions[_key(h)] for h in headers if _key(h) in self.positions), None)

    def __call__(self, line: int, cells: Sequence[str], fingerprint: int | None
                 ) -> list[Staged]:
        try:
            return self._rows(line, cells, fingerprint)
        except IndexError:
            raise RowRejected(f"the row has {len(cells)} cells, fewer than the header") from None

    def _rows(self, line: int, cells: Sequence[str], fingerprint: int | None) -> list[Staged]:
        blank = self.blank
        shared = (required(cells[self.part], "part number", 64),
                  *[blank if position is None else cells[position].strip()[:longest] or blank
                    for position, longest in self.texts],
                  *[None if position is None else money(cells[position], label)
                    for position, label in self.amounts])
        fee = None if self.fee is None else money(cells[self.fee], "drop-ship fee")
        available, rows = self._available(cells), []
        for warehouse, code_position, quantity_position in self.stock:
            if warehouse is None:
                warehouse = self.warehouse_id(required(cells[code_position], "warehouse", 32))
            quantity, capped = self._quantity(cells[quantity_position])
            rows.append((line, warehouse, *shared, quantity, capped, fee, available,
                         fingerprint))
        return rows

    def _available(self, cells: Sequence[str]) -> bool:
        if self.status is not None and \
                cells[self.status].strip().upper() in self.layout.unavailable_statuses:
            return False
        return self.eligible is None or not cells[self.eligible].strip() or \
            flag(cells[self.eligible])

    def _quantity(self, cell: str) -> tuple[int, bool]:
        try:  # the plain count first: the cleaning below is for the odd cell
            quantity = max(int(cell), 0)
        except ValueError:
            text = cell.strip().upper()
            if text == "+":
                return PU_PLUS, True
            if text in {"N/A", "NA"}:
                return 0, False
            quantity = count(cell, "quantity")
        return quantity, self.layout.cap is not None and quantity >= self.layout.cap


WPS = Layout(
    name="Western Power Sports", part_number="sku",
    warehouses=tuple((code.upper(), f"{code}_warehouse")
                     for code in ("ca", "ga", "id", "in", "pa", "pa2", "tx")),
    optional={"mpn": ("supplier_product_id",), "upc": ("upc",), "brand": ("brand_name",),
              "description": ("name",), "cost": ("standard_dealer_price",),
              "msrp": ("list_price",), "fee": ("drop_ship_fee",)},
    cap=9, status_column="status", unavailable_statuses=frozenset({"DSC", "NLA"}),
    eligible_column="drop_ship_eligible")

PARTS_UNLIMITED = Layout(
    name="Parts Unlimited", part_number="Part Number",
    warehouses=tuple((code, f"{code} Availability") for code in ("WI", "NY", "TX", "NV", "NC")),
    optional={"mpn": ("Vendor Part Number",), "upc": ("UPC Code",), "brand": ("Brand Name",),
              "description": ("Part Description",),
              "cost": ("Your Dealer Price", "Base Dealer Price"),
              "msrp": ("Current Suggested Retail", "Original Retail"), "fee": ("Dropship Fee",)},
    status_column="Part Status", unavailable_statuses=frozenset({"D", "W"}))

AUTOMATIC = Layout(
    name="Automatic", part_number="SKU",
    warehouses=tuple((str(n), f"Warehouse_{n}_Quantity") for n in (1, 2, 3)),
    optional={"mpn": ("Manufacturer Number",), "cost": ("Standard_Dealer_Price",),
              "upc": ("UPC",), "description": ("Item_Name",), "brand": ("Manufacturer",),
              "msrp": ("List_Price",)})

FIELDS = ("part_number", "quantity", "warehouse", "warehouse_code", *COMMON)


def columns_layout(column_map: dict) -> Layout:
    """A layout from staff's column map (see Feed.column_map)."""
    unknown = set(column_map) - set(FIELDS)
    if unknown:
        raise FeedRejected(f"The column map names fields that do not exist: "
                           f"{', '.join(sorted(unknown))}; use {', '.join(FIELDS)}.")
    for needed in ("part_number", "quantity"):
        if not column_map.get(needed):
            raise FeedRejected(f"The column map does not say which column holds the "
                               f"{needed.replace('_', ' ')}.")
    if not (column_map.get("warehouse") or column_map.get("warehouse_code")):
        raise FeedRejected("The column map names neither a warehouse column nor a "
                           "warehouse_code for a one-warehouse file.")
    optional = {name: (column_map[name],) for name in COMMON if column_map.get(name)}
    if column_map.get("warehouse"):
        return Layout(name="column map", part_number=column_map["part_number"],
                      warehouse_column=column_map["warehouse"],
                      quantity_column=column_map["quantity"], optional=optional)
    return Layout(name="column map", part_number=column_map["part_number"],
                  warehouses=((column_map["warehouse_code"], column_map["quantity"]),),
                  optional=optional)


LAYOUTS = {"wps": WPS, "parts_unlimited": PARTS_UNLIMITED, "automatic": AUTOMATIC}


def layout_for(layout: str, column_map: dict) -> Layout:
    return columns_layout(column_map) if layout == "columns" else LAYOUTS[layout]
