"""The address suppliers post their confirmations, ship notices and invoices to.

Suppliers authenticate in the document (shared secret) or with HTTP Basic, never with a
session or a CSRF token, so the view is CSRF-exempt; it reads at most one byte more than a
document may have, so an oversized post costs no memory.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from punchout.cxml.orders import response_xml
from punchout.services.inbound import RESPONSE_VERSION, answer_status, document_receive

CONTENT_TYPE = "text/xml; charset=UTF-8"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def cxml_inbound(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":  # the cXML service ping: "are you there?"
        return HttpResponse(response_xml(answer_status(200), version=RESPONSE_VERSION),
                            content_type=CONTENT_TYPE)
    received = document_receive(
        body=request.read(settings.PUNCHOUT_MAX_DOCUMENT_BYTES + 1),
        content_type=request.META.get("CONTENT_TYPE", ""),
        authorization=request.META.get("HTTP_AUTHORIZATION", ""),
        remote_addr=request.META.get("REMOTE_ADDR"))
    response = HttpResponse(received.body, status=received.status, content_type=CONTENT_TYPE)
    if received.status == 401:
        response["WWW-Authenticate"] = 'Basic realm="cXML documents", charset="UTF-8"'
    return response
