"""Reading a stored inbound file again, whichever route it came by."""

from edi.models import Interchange, Standard
from edi.services.inbound import edi_reprocess
from edi.services.spreadsheets import spreadsheet_reprocess


def interchange_reprocess(interchange: Interchange) -> Interchange:
    """ValidationError when the file is not an inbound one in error or marked duplicate."""
    if interchange.standard == Standard.SPREADSHEET:
        return spreadsheet_reprocess(interchange)
    return edi_reprocess(interchange)
