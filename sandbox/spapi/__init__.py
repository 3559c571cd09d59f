"""Loopback simulator of Amazon's Selling Partner API for vendors (Retail Procurement Orders,
Transaction Status, Shipments and Invoices, v1) and of Login with Amazon's token endpoint, as
published in `sandbox/fixtures/sp-api/`."""
