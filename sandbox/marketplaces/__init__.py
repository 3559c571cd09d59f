"""Loopback simulators of the marketplaces' tracking uploads (research §7): eBay's Sell
Fulfillment shipping_fulfillment and Amazon SP-API confirmShipment for merchant-fulfilled
orders. They validate what they receive and record it for tests and the demo."""
