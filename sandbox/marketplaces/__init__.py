"""Loopback simulators of the marketplaces we sell on (research §7): their open orders and
their tracking uploads. eBay's Sell Fulfillment API, Amazon SP-API merchant-fulfilled orders
with confirmShipment, and Shopify's GraphQL Admin orders and fulfillmentCreate. They validate
what they receive and record it for tests and the demo."""
