"""HTTP face of the SP-API simulator: Amazon's paths, status codes and bodies, one view per
operation (the gateway in front of them all: sandbox.spapi.http).

A request that names an official example's parameters (or sends its exact body) gets the
example's response, as Amazon's static sandbox answers; anything else is answered from the
generated orders and what the vendor has submitted.
"""

from collections.abc import Callable

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sandbox.models import Transaction
from sandbox.spapi.acknowledgements import acknowledgement_submit
from sandbox.spapi.examples import (
    official_example_for,
    official_post_example_for,
    official_transaction_statuses,
)
from sandbox.spapi.http import spapi_error, spapi_operation, spapi_response
from sandbox.spapi.invoices import invoices_submit
from sandbox.spapi.orders import purchase_order as generated_purchase_order
from sandbox.spapi.orders import purchase_order_slot
from sandbox.spapi.params import InvalidQuery
from sandbox.spapi.queries import purchase_orders_page, purchase_orders_query
from sandbox.spapi.shipment_confirmations import shipment_confirmations_submit
from sandbox.spapi.shipments import shipments_page, shipments_query
from sandbox.spapi.statuses import purchase_orders_status_page, purchase_orders_status_query
from sandbox.spapi.tokens import TokenRequestRejected, access_token_grant
from sandbox.spapi.transactions import (
    MalformedTransactionId,
    UnknownTransaction,
    transaction_poll,
    transaction_record,
)
from sandbox.spapi.validation import body_errors, json_body


@csrf_exempt
@require_POST
def lwa_token(request: HttpRequest) -> JsonResponse:
    try:
        grant = access_token_grant(request.POST)
    except TokenRequestRejected as rejected:
        body = {"error": rejected.error, "error_description": rejected.description}
        return JsonResponse(body, status=400)
    return JsonResponse(grant)


@spapi_operation("getPurchaseOrders", "GET")
def purchase_orders(request: HttpRequest) -> JsonResponse:
    return _listing(request, "getPurchaseOrders", purchase_orders_query, purchase_orders_page)


@spapi_operation("getPurchaseOrder", "GET")
def purchase_order(request: HttpRequest, purchase_order_number: str) -> JsonResponse:
    path_parameters = {"purchaseOrderNumber": purchase_order_number}
    example = official_example_for("getPurchaseOrder", request.GET, path_parameters)
    if example:
        return spapi_response(example.body, example.status)
    now = timezone.now()
    slot = purchase_order_slot(purchase_order_number, now=now)
    if slot is None:
        return spapi_error(
            404,
            "NotFound",
            f"Purchase order {purchase_order_number} was not found; the sandbox keeps the "
            "generated purchase orders of the last 30 days.",
        )
    return spapi_response({"payload": generated_purchase_order(slot, as_of=now)})


@spapi_operation("submitAcknowledgement", "POST")
def acknowledgements(request: HttpRequest) -> JsonResponse:
    return _submission(request, "submitAcknowledgement", acknowledgement_submit)


@spapi_operation("getPurchaseOrdersStatus", "GET")
def purchase_orders_status(request: HttpRequest) -> JsonResponse:
    return _listing(
        request,
        "getPurchaseOrdersStatus",
        purchase_orders_status_query,
        purchase_orders_status_page,
    )


@spapi_operation("getTransaction", "GET")
def transaction(request: HttpRequest, transaction_id: str) -> JsonResponse:
    example = official_transaction_statuses().get(transaction_id)
    if example:
        return spapi_response(example)
    try:
        status = transaction_poll(transaction_id)
    except MalformedTransactionId:
        # The model's sandbox case for an identifier that is not a transaction ID.
        return spapi_error(400, "InvalidInput", "Invalid transmission ID.")
    except UnknownTransaction:
        return spapi_error(
            404,
            "NotFound",
            f"Transaction {transaction_id} was not found.",
            "Pass the transactionId a submit operation returned.",
        )
    return spapi_response({"payload": {"transactionStatus": status}})


@spapi_operation("GetShipmentDetails", "GET")
def shipments(request: HttpRequest) -> JsonResponse:
    return _listing(request, "GetShipmentDetails", shipments_query, shipments_page)


@spapi_operation("SubmitShipmentConfirmations", "POST")
def shipment_confirmations(request: HttpRequest) -> JsonResponse:
    return _submission(request, "SubmitShipmentConfirmations", shipment_confirmations_submit)


@spapi_operation("submitInvoices", "POST")
def invoices(request: HttpRequest) -> JsonResponse:
    return _submission(request, "submitInvoices", invoices_submit)


def _listing(
    request: HttpRequest, operation: str, parse: Callable, answer: Callable
) -> JsonResponse:
    example = official_example_for(operation, request.GET)
    if example:
        return spapi_response(example.body, example.status)
    try:
        query = parse(request.GET, now=timezone.now())
    except InvalidQuery as invalid:
        return spapi_error(400, invalid.code, invalid.message, invalid.details)
    return spapi_response({"payload": answer(query)})


def _submission(request: HttpRequest, operation: str, submit: Callable) -> JsonResponse:
    """202 with a transactionId for a body the model accepts; 400 as Amazon words it if not."""
    try:
        body = json_body(request.body)
    except (UnicodeDecodeError, ValueError):
        return spapi_error(400, "InvalidInput", "The request body is not valid JSON.")
    example = official_post_example_for(operation, body)
    if example:
        _record_example_transaction(operation, example.response)
        return spapi_response(example.response, example.status)
    errors = body_errors(operation, body)
    if errors:
        return spapi_response({"errors": errors}, 400)
    record = submit(body=body, now=timezone.now())
    return spapi_response({"payload": {"transactionId": record.transaction_id}}, 202)


def _record_example_transaction(operation: str, response: dict) -> None:
    # So that getTransaction knows the example's transactionId (it succeeds: Amazon's sandbox
    # data is not checked against the generated orders).
    transaction_id = response.get("payload", {}).get("transactionId")
    if transaction_id and not Transaction.objects.filter(transaction_id=transaction_id).exists():
        transaction_record(
            operation=operation, errors=[], now=timezone.now(), transaction_id=transaction_id
        )
