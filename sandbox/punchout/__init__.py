"""A PunchOut supplier simulator standing in for Amazon Business (and any cXML or OCI supplier),
as faithfully as the research notes allow (../shared/research/punchout.md).

Buyer-facing paths, relative to the sandbox prefix: `punchout/setup` (PunchOutSetupRequest),
`punchout/catalog/<session>` (the catalog page the start page opens), `punchout/oci` (OCI's
catalog call), `punchout/order` (OrderRequest). After an accepted order it posts a
ConfirmationRequest, a ShipNoticeRequest and an InvoiceDetailRequest to the buyer URL.
`_control/punchout/...` is its switchboard.

An independent partner: it imports nothing from the back office's `punchout` app and writes
and checks its XML itself.
"""
