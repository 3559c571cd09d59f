"""Request bodies checked the way Amazon checks them before answering 202.

Amazon turns the JSON body into XML and validates it against an XML schema (Xerces): an element
the model does not define is refused ("Invalid content was found starting with element
'marketplaceIds'…", the error the client library's injected MarketplaceIds cause), validation
stops at the first problem in document order, and a bad simple value comes with a second
"The value … of element … is not valid." error. The messages below follow the published
examples (the models' 400 sandbox cases) and the errors users report (saleweaver#226, #276).

One leniency, for acknowledgements only: an enum value in the wrong case ("REJECTED") passes
this check and fails later in the transaction, as integrators report (models#5108).
"""

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from jsonschema import Draft4Validator, FormatChecker, ValidationError, validators

from sandbox.spapi.examples import FIXTURES_DIR

# Swagger's Decimal is a string that follows RFC 7159 (the pattern is in its description).
DECIMAL_PATTERN = r"^-?(0|([1-9]\d*))(\.\d+)?([eE][+-]?\d+)?$"
XSD_DATE_TIME = re.compile(r"-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?")
# Sorts errors that Xerces reports when an element closes after those inside it.
AT_ELEMENT_END = 10**9


@dataclass(frozen=True)
class RequestContract:
    model_file: str
    definition: str
    # The operation tolerates enum values in the wrong case here and fails them later.
    case_insensitive_enums: bool = False


CONTRACTS = {
    "submitAcknowledgement": RequestContract(
        "vendorOrders.json", "SubmitAcknowledgementRequest", case_insensitive_enums=True
    ),
    "SubmitShipmentConfirmations": RequestContract(
        "vendorShipments.json", "SubmitShipmentConfirmationsRequest"
    ),
    "submitInvoices": RequestContract("vendorInvoices.json", "SubmitInvoicesRequest"),
}


def body_errors(operation: str, body: object) -> list[dict]:
    """Amazon's 400 errors for `body`, or [] when it would be accepted with 202."""
    if not isinstance(body, dict):
        return [_error("The request body must be a JSON object.")]
    errors = list(
        _validator(operation, CONTRACTS[operation].case_insensitive_enums).iter_errors(body)
    )
    if not errors:
        return []
    first = min(errors, key=lambda error: _document_position(body, error))
    return [_error(message) for message in _messages(first)]


def strict_enum_errors(operation: str, body: dict) -> list[ValidationError]:
    """The enum violations that the lenient check let through (values in the wrong case)."""
    return [
        error
        for error in _validator(operation, case_insensitive_enums=False).iter_errors(body)
        if error.validator == "enum"
    ]


def json_body(raw: bytes) -> object:
    """The request body parsed; raises ValueError (as Amazon answers 400) when it is not JSON."""
    return json.loads(raw.decode("utf-8"))


def _error(message: str) -> dict:
    return {"code": "InvalidInput", "message": message, "details": ""}


@cache
def _validator(operation: str, case_insensitive_enums: bool) -> Draft4Validator:
    contract = CONTRACTS[operation]
    definitions = _strict_definitions(contract.model_file)
    schema = {"$ref": f"#/definitions/{contract.definition}", "definitions": definitions}
    validator_class = _lenient_validator_class() if case_insensitive_enums else Draft4Validator
    return validator_class(schema, format_checker=_xsd_format_checker())


@cache
def _strict_definitions(model_file: str) -> dict:
    """The model's definitions as an XML schema holds them: no undeclared elements, and
    Decimal strings restricted to the decimal pattern."""
    model = json.loads((FIXTURES_DIR / model_file).read_text())
    definitions = copy.deepcopy(model["definitions"])
    for schema in _schemas_within(definitions):
        if "properties" in schema:
            schema["additionalProperties"] = False
    if "Decimal" in definitions:
        definitions["Decimal"]["pattern"] = DECIMAL_PATTERN
    return definitions


def _schemas_within(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _schemas_within(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schemas_within(value)


@cache
def _lenient_validator_class() -> type[Draft4Validator]:
    strict_enum = Draft4Validator.VALIDATORS["enum"]

    def enum_ignoring_case(validator, enums, instance, schema):
        folded = {value.casefold() for value in enums if isinstance(value, str)}
        if isinstance(instance, str) and instance.casefold() in folded:
            return
        yield from strict_enum(validator, enums, instance, schema)

    return validators.extend(Draft4Validator, {"enum": enum_ignoring_case})


@cache
def _xsd_format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    checker.checks("date-time")(
        lambda value: not isinstance(value, str) or XSD_DATE_TIME.fullmatch(value) is not None
    )
    return checker


def _document_position(body: dict, error: ValidationError) -> tuple[int, ...]:
    """Where Xerces meets `error` while reading the body as XML, in document order."""
    position, node = [], body
    for step in error.absolute_path:
        position.append(list(node).index(step) if isinstance(node, dict) else step)
        node = node[step]
    if error.validator == "required":
        position.append(AT_ELEMENT_END)
    elif error.validator == "additionalProperties":
        position.append(list(node).index(_undeclared(error)[0]))
    return tuple(position)


def _undeclared(error: ValidationError) -> list[str]:
    declared = error.schema.get("properties", {})
    return [name for name in error.instance if name not in declared]


def _messages(error: ValidationError) -> list[str]:
    element = _element_name(error)
    if error.validator == "additionalProperties":
        undeclared = _undeclared(error)
        expected = ", ".join(error.schema["properties"])
        first = (
            f"Invalid content was found starting with element '{undeclared[0]}'. "
            f"One of '{{{expected}}}' is expected."
        )
        return [first, *undeclared[1:]]
    if error.validator == "required":
        absent = [name for name in error.schema["properties"] if name not in error.instance]
        return [
            f"The content of element '{element}' is not complete. "
            f"One of '{{{', '.join(absent)}}}' is expected."
        ]
    return [_value_message(error, element), _invalid_value(error.instance, element)]


def _value_message(error: ValidationError, element: str) -> str:
    value = _lexical(error.instance)
    if error.validator == "enum":
        allowed = ", ".join(sorted(error.validator_value))
        return (
            f"Value '{value}' is not valid with respect to enumeration '[{allowed}]'. "
            "It must be a value from the enumeration."
        )
    if error.validator == "maxLength":
        return (
            f"Value '{value}' with length = '{len(value)}' is not facet-valid with respect "
            f"to maxLength '{error.validator_value}' for type '{element}'."
        )
    if error.validator == "pattern" and error.validator_value == DECIMAL_PATTERN:
        return f"'{value}' is not a valid value for 'decimal'."
    if error.validator == "pattern":
        return (
            f"Value '{value}' is not facet-valid with respect to pattern "
            f"'{error.validator_value}' for type '{element}'."
        )
    if error.validator == "format":
        return f"'{value}' is not a valid value for 'dateTime'."
    return f"'{value}' is not a valid value for '{error.validator_value}'."


def _invalid_value(instance: object, element: str) -> str:
    if isinstance(instance, dict | list):
        return f"Element '{element}' must not have element children: a value is expected."
    return f"The value '{_lexical(instance)}' of element '{element}' is not valid."


def _element_name(error: ValidationError) -> str:
    names = [step for step in error.absolute_path if isinstance(step, str)]
    return names[-1] if names else "body"


def _lexical(value: object) -> str:
    """The value as it reads in the XML Amazon builds from the JSON."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)
