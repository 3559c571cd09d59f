"""PunchOutSetupRequest (ours, to the supplier) and PunchOutSetupResponse (its answer)."""

from lxml import etree

from punchout.cxml.reading import response_status_read, text
from punchout.cxml.values import SetupRequest, SetupResponse
from punchout.cxml.writing import (
    address_element,
    document_bytes,
    envelope_new,
    item_out_element,
    sub,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def setup_request_xml(request: SetupRequest, *, version: str) -> bytes:
    """The request in the DTD's element order: BuyerCookie, Extrinsic*, BrowserFormPost,
    Contact, ShipTo, ItemOut* (the current lines, for edit and inspect)."""
    root = envelope_new(payload_id=request.payload_id, timestamp=request.timestamp,
                        header=request.header)
    body = sub(root, "Request", deploymentMode=request.deployment_mode)
    setup = sub(body, "PunchOutSetupRequest", operation=request.operation)
    sub(setup, "BuyerCookie", request.buyer_cookie)
    # UserEmail first: suppliers such as Amazon Business identify the shopper by it.
    extrinsics = {"UserEmail": request.user_email, **request.extrinsics}
    for name, value in extrinsics.items():
        if value:
            sub(setup, "Extrinsic", value, name=name)
    sub(sub(setup, "BrowserFormPost"), "URL", request.return_url)
    contact = sub(setup, "Contact", role="endUser")
    sub(contact, "Name", request.user_name).set(XML_LANG, "en-US")
    if request.user_email:
        sub(contact, "Email", request.user_email)
    if request.ship_to is not None:
        address_element(setup, "ShipTo", request.ship_to)
    for item in request.items:
        item_out_element(setup, item)
    return document_bytes(root, version=version)


def setup_response_read(root: etree._Element) -> SetupResponse:
    """The answer's status and StartPage URL (empty when the supplier sent none); suppliers
    pretty-print the URL over several lines, so surrounding whitespace is dropped."""
    return SetupResponse(
        status=response_status_read(root),
        start_url=text(root, "Response/PunchOutSetupResponse/StartPage/URL"))
