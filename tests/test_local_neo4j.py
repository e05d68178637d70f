"""The local Neo4j launcher, against a real JVM (no mocks).

One instance is started for the module in its own temporary folder on a free port; the
persistence test restarts it. Runtime is dominated by two JVM starts (~8 s each).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graph import localdb

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A local Neo4j for this module: its start() info plus ``start_seconds``."""
    data_dir = tmp_path_factory.mktemp("local-neo4j")
    began = time.monotonic()
    info = localdb.start(data_dir, localdb.free_port(), heap="512m", pagecache="64m")
    info["start_seconds"] = time.monotonic() - began
    try:
        yield info
    finally:
        localdb.stop(data_dir)


def _run(uri: str, password: str, query: str, **params: Any) -> list[dict[str, Any]]:
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query(query, params)
        return [record.data() for record in records]


def _listening_addresses(port: int) -> list[str]:
    """Local addresses with a TCP socket in LISTEN state on ``port`` (Linux /proc/net).

    IPv4-mapped IPv6 addresses are reported as their IPv4 address.
    """
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:  # 0A = LISTEN
                continue
            raw = bytes.fromhex(address)
            # /proc stores each 32-bit word in host (little-endian) order.
            words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            ip = ipaddress.ip_address(words)
            if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
                ip = ip.ipv4_mapped  # e.g. the JVM's IPv6 socket bound to ::ffff:127.0.0.1
            found.append(str(ip))
    return found


def _non_loopback_address() -> str | None:
    """An address of this host other than loopback, if it has one (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))
            address = sock.getsockname()[0]
        except OSError:
            return None
    return None if ipaddress.ip_address(address).is_loopback else address


def test_start_returns_connection_info(instance: dict[str, Any]) -> None:
    data_dir = Path(instance["data_dir"])
    assert instance["uri"] == f"bolt://127.0.0.1:{instance['bolt_port']}"
    assert instance["user"] == "neo4j"
    assert (data_dir / "password").read_text().strip() == instance["password"]
    assert (data_dir / "password").stat().st_mode & 0o777 == 0o600
    assert (data_dir / "launcher.json").is_file()
    print(f"local Neo4j started in {instance['start_seconds']:.1f} s")  # shown with -s


def test_driver_runs_query_with_stored_password(instance: dict[str, Any]) -> None:
    password = (Path(instance["data_dir"]) / "password").read_text().strip()
    assert _run(instance["uri"], password, "RETURN 1 AS one") == [{"one": 1}]


def test_driver_refused_with_wrong_password(instance: dict[str, Any]) -> None:
    with (
        GraphDatabase.driver(instance["uri"], auth=("neo4j", "not-the-password")) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()


def test_status_and_connection_report_it(instance: dict[str, Any]) -> None:
    info = localdb.status(instance["data_dir"])
    assert info is not None
    assert info["pid"] == instance["pid"]
    assert info["uri"] == instance["uri"]
    assert localdb.connection(instance["data_dir"]) == (
        instance["uri"],
        "neo4j",
        instance["password"],
    )


def test_start_again_returns_same_process(instance: dict[str, Any]) -> None:
    began = time.monotonic()
    again = localdb.start(instance["data_dir"], instance["bolt_port"])
    assert again["pid"] == instance["pid"]
    assert again["uri"] == instance["uri"]
    assert time.monotonic() - began < 5


def test_bolt_listens_on_loopback_only(instance: dict[str, Any]) -> None:
    port = instance["bolt_port"]
    addresses = _listening_addresses(port)
    if os.path.exists("/proc/net/tcp"):
        assert addresses, f"nothing listens on port {port}"
        assert addresses == ["127.0.0.1"] * len(addresses), addresses
    other = _non_loopback_address()
    if other is not None:
        with pytest.raises(OSError), socket.create_connection((other, port), timeout=2):
            pass


def test_port_taken_by_something_else_fails_clearly(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        with pytest.raises(localdb.LauncherError, match=f"port {port}.*in use"):
            localdb.start(tmp_path / "other", port)
    assert localdb.status(tmp_path / "other") is None


def test_data_persists_across_restart_and_stop_leaves_no_process(
    instance: dict[str, Any],
) -> None:
    data_dir = Path(instance["data_dir"])
    _run(
        instance["uri"], instance["password"], "CREATE (:LauncherProbe {name: $name})", name="kept"
    )

    old_pid = instance["pid"]
    assert localdb.stop(data_dir) is True
    assert not _alive(old_pid)
    assert localdb.status(data_dir) is None
    assert not (data_dir / "launcher.json").exists()
    assert "STOPPED" in (data_dir / "neo4j.log").read_text()  # clean shutdown hook ran
    assert localdb.stop(data_dir) is False

    restarted = localdb.start(data_dir, instance["bolt_port"], heap="512m", pagecache="64m")
    try:
        assert restarted["pid"] != old_pid
        assert restarted["password"] == instance["password"]
        rows = _run(
            restarted["uri"], restarted["password"], "MATCH (p:LauncherProbe) RETURN p.name AS name"
        )
        assert rows == [{"name": "kept"}]
    finally:
        assert localdb.stop(data_dir) is True
    assert not _alive(restarted["pid"])
    assert localdb.status(data_dir) is None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
