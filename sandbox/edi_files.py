"""Amazon-style purchase-order files, as Amazon's EDI would drop them on the vendor's server.

The layout follows the synthetic research fixtures (`../shared/fixtures/edi`): an X12 004010
850 and an EDIFACT D96A ORDERS per purchase order, lines taken from the demo catalogue.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sandbox.catalog import DemoProduct

X12_AMAZON_ID, X12_VENDOR_ID = "AMAZON", "EXAMPLEVENDOR"
# Delivery window: not before a week after the order, not after two.
WINDOW = (timedelta(days=7), timedelta(days=14))
EDIFACT_AMAZON_GLN, EDIFACT_VENDOR_GLN = "5450534000024", "4012345000009"


@dataclass(frozen=True)
class OrderedItem:
    product: DemoProduct
    quantity: int


def x12_850(po_number: str, control_number: int, items: Sequence[OrderedItem],
            ordered_at: datetime, ship_to: str = "ABE8") -> bytes:
    day, window = ordered_at.strftime("%Y%m%d"), ordered_at.strftime("%y%m%d")
    first, last = (f"{ordered_at + delay:%Y%m%d}" for delay in WINDOW)
    body = [f"BEG*00*NE*{po_number}**{day}", "REF*CR*DEMO1", "CSH*Y",
            f"DTM*064*{first}", f"DTM*063*{last}", f"N1*ST**92*{ship_to}"]
    for number, item in enumerate(items, start=1):
        body.append(f"PO1*{number}*{item.quantity}*EA*{item.product.net_cost}**EN*"
                    f"{item.product.ean}*BP*{item.product.asin}")
    body.append(f"CTT*{len(items)}*{sum(item.quantity for item in items)}")
    transaction_set = ["ST*850*0001", *body, f"SE*{len(body) + 2}*0001"]
    segments = [f"ISA*00*          *00*          *ZZ*{X12_AMAZON_ID:<15}*ZZ*"
                f"{X12_VENDOR_ID:<15}*{window}*{ordered_at:%H%M}*U*00401*"
                f"{control_number:09d}*0*P*>",
                f"GS*PO*{X12_AMAZON_ID}*{X12_VENDOR_ID}*{day}*{ordered_at:%H%M}*"
                f"{control_number}*X*004010",
                *transaction_set, f"GE*1*{control_number}", f"IEA*1*{control_number:09d}"]
    return ("~\n".join(segments) + "~\n").encode()


def edifact_orders(po_number: str, control_number: int, items: Sequence[OrderedItem],
                   ordered_at: datetime, delivery_point: str = "5450534005838") -> bytes:
    day = ordered_at.strftime("%Y%m%d")
    message = ["UNH+1+ORDERS:D:96A:UN:EAN008", f"BGM+220+{po_number}+9",
               f"DTM+137:{day}:102", f"DTM+63:{day}:102", f"DTM+64:{day}:102",
               "RFF+CR:DEMO1", f"NAD+BY+{EDIFACT_AMAZON_GLN}::9",
               f"NAD+SU+{EDIFACT_VENDOR_GLN}::9", f"NAD+DP+{delivery_point}::9", "CUX+2:EUR:9"]
    for number, item in enumerate(items, start=1):
        message += [f"LIN+{number}++{item.product.ean}:EN",
                    f"PIA+5+{item.product.asin}:BP", f"QTY+21:{item.quantity}",
                    f"PRI+AAA:{item.product.net_cost}"]
    message += ["UNS+S", f"CNT+2:{len(items)}"]
    message.append(f"UNT+{len(message) + 1}+1")
    segments = [f"UNB+UNOA:2+{EDIFACT_AMAZON_GLN}:14+{EDIFACT_VENDOR_GLN}:14+"
                f"{ordered_at:%y%m%d:%H%M}+{control_number}++++1+EANCOM",
                *message, f"UNZ+1+{control_number}"]
    return ("UNA:+.? '" + "'\n".join(segments) + "'\n").encode()
