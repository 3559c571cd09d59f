"""Drop-ship requests as the services would build them."""

from distributors.adapters import DropshipRequest, OrderLine, ShipTo


def ship_to(**changes: str) -> ShipTo:
    fields = {"name": "Jane Rider", "address1": "12 Main St", "address2": "",
              "city": "Boise", "state": "ID", "postal_code": "83702", "country": "US",
              "phone": "+1 (208) 555-0100", "email": "jane@example.com"}
    return ShipTo(**{**fields, **changes})


def dropship(po_number: str, *lines: tuple[str, int], **ship_to_changes: str) -> DropshipRequest:
    return DropshipRequest(po_number=po_number, ship_to=ship_to(**ship_to_changes),
                           lines=[OrderLine(part, quantity) for part, quantity in lines],
                           comment="eBay 12-34567-89012")
