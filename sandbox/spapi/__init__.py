"""Loopback simulator of Amazon's Selling Partner API (Vendor Retail Procurement Orders v1) and
of Login with Amazon's token endpoint, as published in `sandbox/fixtures/sp-api/`."""
