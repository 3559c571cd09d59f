from datetime import datetime

import lxml.html
from django.utils import timezone


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    """An aware moment in the current time zone."""
    return datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def text_of(html: str, element_id: str) -> str:
    return " ".join(lxml.html.fromstring(html).get_element_by_id(element_id).text_content().split())


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The body rows of the page's table `table_id`, as the texts of their cells."""
    table = lxml.html.fromstring(html).get_element_by_id(table_id)
    return [[" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
            for row in table.xpath("./tbody/tr|./tfoot/tr")]
