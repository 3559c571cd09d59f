"""Request bodies are refused in Amazon's words: the XML-schema messages of the models' own 400
examples, the first problem in document order, no element the model does not define."""

import copy

import pytest

from sandbox.spapi.validation import body_errors
from tests.sandbox.spapi_client import official_fixture

ACKNOWLEDGEMENT = official_fixture("submitAcknowledgement.request.json")
OFFICIAL_BODIES = {
    "submitAcknowledgement": "submitAcknowledgement.request.json",
    "SubmitShipmentConfirmations": "submitShipmentConfirmations.request.json",
    "submitInvoices": "submitInvoices.request.json",
}


def messages(operation: str, body: dict) -> list[str]:
    return [error["message"] for error in body_errors(operation, body)]


def acknowledgement_with(change) -> dict:
    body = copy.deepcopy(ACKNOWLEDGEMENT)
    change(body["acknowledgements"][0])
    return body


@pytest.mark.parametrize("operation", OFFICIAL_BODIES)
def test_official_example_bodies_are_accepted(operation):
    assert body_errors(operation, official_fixture(OFFICIAL_BODIES[operation])) == []


def test_official_acknowledgement_bad_request_is_reproduced():
    body = official_fixture("submitAcknowledgement.400.request.json")

    errors = body_errors("submitAcknowledgement", body)

    assert errors == official_fixture("submitAcknowledgement.400.response.json")["errors"]


def test_official_invoice_bad_request_is_reproduced():
    model = official_fixture("vendorInvoices.json")
    responses = model["paths"]["/vendor/payments/v1/invoices"]["post"]["responses"]
    [case] = responses["400"]["x-amzn-api-sandbox"]["static"]

    errors = body_errors("submitInvoices", case["request"]["parameters"]["body"]["value"])

    assert errors == case["response"]["errors"]


def test_marketplace_ids_the_library_injects_are_refused_as_amazon_did():
    body = {
        **ACKNOWLEDGEMENT,
        "marketplaceIds": ["ATVPDKIKX0DER"],
        "MarketplaceIds": ["ATVPDKIKX0DER"],
    }

    assert messages("submitAcknowledgement", body) == [
        "Invalid content was found starting with element 'marketplaceIds'. "
        "One of '{acknowledgements}' is expected.",
        "MarketplaceIds",
    ]


def test_element_the_model_does_not_define_is_refused_anywhere():
    body = acknowledgement_with(lambda ack: ack["items"][0].update(sku="AE-CI-SKL10"))

    [message] = messages("submitAcknowledgement", body)

    assert message.startswith("Invalid content was found starting with element 'sku'.")


def test_money_amount_must_be_a_decimal_string():
    body = acknowledgement_with(lambda ack: ack["items"][0]["netCost"].update(amount="ten"))

    assert messages("submitAcknowledgement", body) == [
        "'ten' is not a valid value for 'decimal'.",
        "The value 'ten' of element 'amount' is not valid.",
    ]


def test_date_time_must_be_an_xml_date_time():
    body = acknowledgement_with(lambda ack: ack.update(acknowledgementDate="12/03/2021"))

    assert (
        messages("submitAcknowledgement", body)[0]
        == "'12/03/2021' is not a valid value for 'dateTime'."
    )


def test_first_problem_in_document_order_is_the_one_reported():
    def break_twice(ack: dict) -> None:
        ack["sellingParty"] = {}
        ack["items"][0]["orderedQuantity"]["amount"] = "ten"

    [message] = messages("submitAcknowledgement", acknowledgement_with(break_twice))

    assert message.startswith("The content of element 'sellingParty' is not complete.")


def test_wrong_case_enum_passes_for_acknowledgements_only():
    acknowledgement = acknowledgement_with(
        lambda ack: ack["items"][0]["itemAcknowledgements"][0].update(
            acknowledgementCode="ACCEPTED"
        )
    )
    invoice = copy.deepcopy(official_fixture("submitInvoices.request.json"))
    invoice["invoices"][0]["invoiceType"] = "INVOICE"

    assert body_errors("submitAcknowledgement", acknowledgement) == []
    assert messages("submitInvoices", invoice)[0].startswith("Value 'INVOICE' is not valid")


def test_body_that_is_not_an_object_is_refused():
    assert messages("submitInvoices", [ACKNOWLEDGEMENT]) == [
        "The request body must be a JSON object."
    ]
