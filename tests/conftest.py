"""Shared test settings: every test runs offline against ../shared/market-data."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import distributed
import pytest

_REAL_CONNECT = socket.socket.connect
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail loudly if any test tries to open a network connection.

    Tests marked ``loopback`` (a local Dask cluster) may reach 127.0.0.1 and nothing else.
    """
    loopback = request.node.get_closest_marker("loopback") is not None

    def guard(sock: socket.socket, address: object, *args: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if loopback and host in LOOPBACK:
            return _REAL_CONNECT(sock, address, *args)
        raise RuntimeError(f"network access attempted in a test: {address}")

    monkeypatch.setattr(socket.socket, "connect", guard)
    yield


@pytest.fixture(scope="module")
def cluster_address() -> Iterator[str]:
    """A two-worker LocalCluster on 127.0.0.1, shared by the tests of one module."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster.scheduler_address
