"""The PunchOut admin, one module per area."""

from punchout.admin import approvals, carts, dashboard, orders, people, suppliers  # noqa: F401
