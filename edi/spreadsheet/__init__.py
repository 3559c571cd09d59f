"""Reading and writing the Vendor Central purchase-order spreadsheet (CSV or Excel), without
the database: header maps come in as values, orders go out as orders.parsed values."""
