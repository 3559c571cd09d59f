"""The column layouts of the distributors' nightly files, each turning a row into staged rows
(one per warehouse column it carries).

Headers are found by name (whatever their case, spacing or order, as the public importers do),
so a distributor adding or moving columns changes nothing. A missing required column rejects
the file before anything is read; a missing optional column leaves that field as it was.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from distributors.feeds.values import RowRejected, count, flag, money, required

# One staged row: the order of distributors.services.staging.COLUMNS.
Staged = tuple
Bound = Callable[[int, Sequence[str]], list[Staged]]
PU_PLUS = 10  # Parts Unlimited writes "+" above its display cap; the cap is not published
COMMON = ("mpn", "upc", "brand", "description", "cost", "msrp", "fee")


class FeedRejected(ValueError):
    """The file as a whole cannot be read; nothing of it is applied."""


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

    def bind(self, header: Sequence[str]) -> Bound:
        return _Bound(self, {_key(name): index for index, name in enumerate(header)})


def _key(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").split()).casefold()


class _Bound:
    """A layout matched to one file's header row: column positions found once."""

    def __init__(self, layout: Layout, positions: dict[str, int]):
        self.layout, self.positions = layout, positions
        self.part = self._required(layout.part_number)
        # Positions of the optional fields in COMMON's order (None: not in this file).
        self.optional = tuple(self._first(layout.optional.get(name, ())) for name in COMMON)
        self.status = self._first((layout.status_column,)) if layout.status_column else None
        self.eligible = self._first((layout.eligible_column,)) if layout.eligible_column else None
        if layout.warehouse_column:
            self.stock = [(None, self._required(layout.warehouse_column),
                           self._required(layout.quantity_column))]
        else:
            self.stock = [(code, None, self._required(header))
                          for code, header in layout.warehouses]

    def _required(self, header: str) -> int:
        position = self.positions.get(_key(header))
        if position is None:
            raise FeedRejected(f"The file has no '{header}' column, which the {self.layout.name} "
                               "layout needs; check the feed's layout or column map.")
        return position

    def _first(self, headers: Sequence[str]) -> int | None:
        return next((self.positions[_key(h)] for h in headers if _key(h) in self.positions), None)

    def __call__(self, line: int, cells: Sequence[str]) -> list[Staged]:
        try:
            return self._rows(line, cells)
        except IndexError:
            raise RowRejected(f"the row has {len(cells)} cells, fewer than the header") from None

    def _rows(self, line: int, cells: Sequence[str]) -> list[Staged]:
        mpn, upc, brand, description, cost, msrp, fee = (
            "" if position is None else cells[position] for position in self.optional)
        shared = (required(cells[self.part], "part number", 64), mpn.strip()[:64] or None,
                  upc.strip()[:14] or None, brand.strip()[:100] or None,
                  description.strip()[:500] or None, money(cost, "cost"), money(msrp, "MSRP"))
        fee, available = money(fee, "drop-ship fee"), self._available(cells)
        rows = []
        for code, code_position, quantity_position in self.stock:
            warehouse = code or required(cells[code_position], "warehouse", 32)
            quantity, capped = self._quantity(cells[quantity_position])
            rows.append((line, warehouse, *shared, quantity, capped, fee, available))
        return rows

    def _available(self, cells: Sequence[str]) -> bool:
        if self.status is not None and \
                cells[self.status].strip().upper() in self.layout.unavailable_statuses:
            return False
        return self.eligible is None or not cells[self.eligible].strip() or \
            flag(cells[self.eligible])

    def _quantity(self, cell: str) -> tuple[int, bool]:
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
