"""Adapters against their simulators, through the live server (real HTTP on loopback)."""

from collections.abc import Callable, Iterator

import pytest

from distributors.adapters import Adapter, adapter_for
from sandbox.distributors.catalog import BASE_PATHS, CREDENTIALS
from sandbox.distributors.state import simulators_reset
from sandbox.marketplaces.pushes import pushes_reset

# Retries stay real (four attempts) but wait milliseconds, not seconds.
FAST_RETRIES = {"retry_base_seconds": 0.001, "timeout": 5}


@pytest.fixture(autouse=True)
def _fresh_simulators() -> Iterator[None]:
    # The simulators keep their orders and faults in this process: each test starts clean.
    simulators_reset()
    pushes_reset()
    yield
    simulators_reset()


@pytest.fixture
def adapter(sandbox_url: str) -> Callable[..., Adapter]:
    """Builds the adapter of a kind aimed at its simulator; keyword arguments override."""

    def build(kind: str, **overrides: object) -> Adapter:
        arguments = {"base_url": f"{sandbox_url}/{BASE_PATHS[kind]}", **CREDENTIALS[kind],
                     **FAST_RETRIES, **overrides}
        return adapter_for(kind, **arguments)

    return build

