"""Start, stop and inspect the local Neo4j (Community 5.26 LTS, embedded, Bolt on 127.0.0.1).

The JVM launcher (:mod:`graph.localdb.build`) runs detached from this process, so the
database keeps running after ``linkwatch neo4j start`` exits; its pid, port and state are
kept in the data folder (:mod:`graph.localdb.config`). To the official Python driver it is an
ordinary Neo4j server: ``bolt://127.0.0.1:<port>``, user ``neo4j``, password authentication.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import signal
import socket
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graph.localdb import config
from graph.localdb.build import MAIN_CLASS, ensure_built
from graph.localdb.config import (
    DEFAULT_BOLT_PORT,
    INFO_FILE,
    LOG_FILE,
    PASSWORD_ENV,
    USER,
    LauncherError,
)

READY_PREFIX = "READY "

# Launchers started by this Python process, so that they can be reaped (no zombies) on stop().
_children: dict[int, subprocess.Popen[bytes]] = {}


def free_port() -> int:
    """Returns a TCP port on 127.0.0.1 that is free right now.

    Returns:
        The port number the kernel picked for a throw-away socket.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _port_is_free(port: int) -> bool:
    # SO_REUSEADDR like the JVM's server sockets, so TIME_WAIT leftovers don't count as "taken".
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _bolt_answers(port: int, timeout: float = 2.0) -> bool:
    """True when a Bolt server completes the protocol handshake on 127.0.0.1:port.

    Uses the bare handshake (no authentication), so probing never counts as a failed login.
    """
    # Magic preamble, then four proposals: 5.0-5.8, 4.4, and two empty slots.
    handshake = b"\x60\x60\xb0\x17" + b"\x00\x08\x08\x05" + b"\x00\x00\x04\x04" + b"\x00" * 8
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(handshake)
            reply = b""
            while len(reply) < 4:
                chunk = sock.recv(4 - len(reply))
                if not chunk:
                    return False
                reply += chunk
            return True
    except OSError:
        return False


def child_environment(**extra: str) -> dict[str, str]:
    """This process's environment (PATH, JAVA_HOME, ...) plus ``extra``, for a Java child."""
    return {**os.environ, **extra}


def _pid_alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        _children.pop(pid, None)
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (macOS): trust kill(0)
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _is_our_launcher(pid: int, data_dir: Path) -> bool:
    """Guards against pid reuse: the process must be the launcher for ``data_dir``."""
    if not _pid_alive(pid):
        return False
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc: rely on the pid and the Bolt check
    args = [a.decode(errors="replace") for a in argv]
    if MAIN_CLASS not in args:
        return False
    try:
        return Path(args[args.index("--data-dir") + 1]) == data_dir
    except (ValueError, IndexError):
        return False


def _info_dict(data_dir: Path, info: dict[str, Any], password: str) -> dict[str, Any]:
    return {
        "uri": info["uri"],
        "user": USER,
        "password": password,
        "pid": int(info["pid"]),
        "data_dir": str(data_dir),
        "bolt_port": int(info["bolt_port"]),
        "started_at": info.get("started_at"),
        "log": str(data_dir / LOG_FILE),
    }


def _verify(uri: str, password: str, timeout: float) -> None:
    from neo4j import GraphDatabase  # local import: keeps `import graph.localdb` cheap

    with GraphDatabase.driver(
        uri, auth=(USER, password), connection_timeout=min(timeout, 10.0)
    ) as driver:
        driver.verify_connectivity()


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM ``pid``, wait up to ``timeout`` s for a clean exit, then SIGKILL."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _pid_alive(pid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


def status(data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any] | None:
    """Reports the local Neo4j running for ``data_dir``.

    Args:
        data_dir: The instance's data directory; default ``$LINKWATCH_DATA_DIR``.

    Returns:
        ``{"uri", "user", "password", "pid", "data_dir", "bolt_port", "started_at", "log"}``
        when its launcher process is alive and Bolt answers on its port, otherwise None.
    """
    path = config.resolve(data_dir)
    info = config.read_info(path)
    if not info or "pid" not in info or "bolt_port" not in info:
        return None
    if info.get("state") != "running":
        return None
    if not _is_our_launcher(int(info["pid"]), path) or not _bolt_answers(int(info["bolt_port"])):
        return None
    try:
        password = config.stored_password(path)
    except LauncherError:
        return None
    return _info_dict(path, info, password)


def connection(data_dir: str | os.PathLike[str] | None = None) -> tuple[str, str, str]:
    """Returns ``(uri, user, password)`` of the running local Neo4j for ``data_dir``.

    Args:
        data_dir: The instance's data directory; default ``$LINKWATCH_DATA_DIR``.

    Returns:
        The Bolt URI, user name and password to give ``neo4j.GraphDatabase.driver``.

    Raises:
        LauncherError: Nothing is running for ``data_dir``.
    """
    info = status(data_dir)
    if info is None:
        raise LauncherError(
            f"the local Neo4j is not running for {config.resolve(data_dir)};"
            " run `linkwatch neo4j start`"
        )
    return info["uri"], info["user"], info["password"]


def start(
    data_dir: str | os.PathLike[str] | None = None,
    bolt_port: int = DEFAULT_BOLT_PORT,
    heap: str | None = None,
    pagecache: str | None = None,
    timeout: float = 180,
) -> dict[str, Any]:
    """Starts the local Neo4j in the background, or returns the one already running.

    The JVM is detached (own session), logs to ``<data_dir>/neo4j.log`` and keeps running
    after this process exits. Returns once the launcher printed its READY line and the Python
    driver's ``verify_connectivity()`` succeeded with the password.

    Args:
        data_dir: Data directory (created if missing); default ``$LINKWATCH_DATA_DIR``.
        bolt_port: Bolt port on 127.0.0.1.
        heap: JVM heap (``-Xms``/``-Xmx``), e.g. ``"1g"``; default ``$LINKWATCH_NEO4J_HEAP``
            or ``"1g"``.
        pagecache: Neo4j page cache size; default ``$LINKWATCH_NEO4J_PAGECACHE`` or ``"512m"``.
        timeout: Seconds to wait for the database to become available.

    Returns:
        ``{"uri", "user", "password", "pid", "data_dir", "bolt_port", "started_at", "log"}``.

    Raises:
        LauncherError: Java/Maven missing, port taken by something else, bad settings, or the
            database did not come up in time (the message carries the log tail).
    """
    path = config.resolve(data_dir)
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.chmod(0o700)
    heap_size, pagecache_size = config.memory(heap, pagecache)
    if not 0 < int(bolt_port) < 65536:
        raise LauncherError(f"invalid Bolt port {bolt_port}")
    bolt_port = int(bolt_port)

    with open(path / ".launcher.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _start_locked(path, bolt_port, heap_size, pagecache_size, timeout)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _start_locked(
    path: Path, bolt_port: int, heap: str, pagecache: str, timeout: float
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    info = config.read_info(path)
    if info and "pid" in info and _is_our_launcher(int(info["pid"]), path):
        # Already running: reuse it, even if it listens on another port than ``bolt_port``.
        # Still "starting" means the process that launched it died before marking it ready
        # (concurrent start() calls are serialised by the lock): adopt it once it accepts
        # the stored password.
        password = config.stored_password(path)
        port = int(info["bolt_port"])
        while time.monotonic() < deadline and _is_our_launcher(int(info["pid"]), path):
            if _bolt_answers(port):
                if info.get("state") == "running":
                    return _info_dict(path, info, password)
                with contextlib.suppress(Exception):
                    _verify(info["uri"], password, 5)
                    info["state"] = "running"
                    config.write_info(path, info)
                    return _info_dict(path, info, password)
            time.sleep(1)
            info = config.read_info(path) or info
        raise LauncherError(
            f"a Neo4j launcher (pid {info['pid']}) holds {path} but does not answer on Bolt"
            f" port {port}; run `linkwatch neo4j stop`. Log:\n{config.log_tail(path / LOG_FILE)}"
        )
    (path / INFO_FILE).unlink(missing_ok=True)  # stale

    if not _port_is_free(bolt_port):
        raise LauncherError(
            f"port {bolt_port} on 127.0.0.1 is already in use by another program;"
            " stop it or choose another Bolt port"
        )
    password = config.password(path)
    command = ensure_built()
    command = [command[0], f"-Xms{heap}", f"-Xmx{heap}", *command[1:]]
    command += ["--data-dir", str(path), "--bolt-port", str(bolt_port), "--pagecache", pagecache]
    # The child inherits this process's environment (PATH, JAVA_HOME, ...) plus the password.
    env = dict(os.environ)
    env[PASSWORD_ENV] = password

    log_path = path / LOG_FILE
    with open(log_path, "ab") as log:
        log.write(f"---- {datetime.now(UTC).isoformat()} starting {MAIN_CLASS}\n".encode())
        log.flush()
        offset = log.tell()
        proc = subprocess.Popen(  # fixed argv, no shell
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=path,
            env=env,
            start_new_session=True,
        )
    _children[proc.pid] = proc
    uri = f"bolt://127.0.0.1:{bolt_port}"
    info = {
        "pid": proc.pid,
        "bolt_port": bolt_port,
        "uri": uri,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "state": "starting",
    }
    config.write_info(path, info)

    try:
        _wait_ready(proc, log_path, offset, deadline)
        from neo4j.exceptions import AuthError

        while True:
            try:
                _verify(uri, password, max(1.0, deadline - time.monotonic()))
                break
            except AuthError as exc:
                raise LauncherError(f"Neo4j on {uri} refused the stored password: {exc}") from exc
            except Exception as exc:  # the driver raises many types; retry until the deadline
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise LauncherError(
                        f"Neo4j on {uri} printed READY but the driver cannot connect: {exc}"
                    ) from exc
                time.sleep(0.25)
    except BaseException:
        _terminate(proc.pid, 30)
        (path / INFO_FILE).unlink(missing_ok=True)
        raise

    info["state"] = "running"
    config.write_info(path, info)
    return _info_dict(path, info, password)


def _wait_ready(
    proc: subprocess.Popen[bytes], log_path: Path, offset: int, deadline: float
) -> None:
    """Waits for the launcher's READY line in the log (written from ``offset`` on)."""
    with open(log_path, "rb") as log:
        log.seek(offset)
        buffer = b""
        while True:
            chunk = log.read()
            if chunk:
                buffer += chunk
                if any(line.startswith(READY_PREFIX.encode()) for line in buffer.splitlines()):
                    return
                buffer = buffer[buffer.rfind(b"\n") + 1 :] if b"\n" in buffer else buffer
            if proc.poll() is not None:
                raise LauncherError(
                    f"the Neo4j launcher exited with code {proc.returncode} before it was ready."
                    f" Log ({log_path}):\n{config.log_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise LauncherError(
                    f"Neo4j did not become ready in time. Log ({log_path}):\n"
                    + config.log_tail(log_path)
                )
            time.sleep(0.05)


def stop(data_dir: str | os.PathLike[str] | None = None, timeout: float = 60) -> bool:
    """Stops the local Neo4j for ``data_dir`` cleanly.

    Sends SIGTERM (the launcher's shutdown hook checkpoints and closes the databases), waits
    up to ``timeout`` seconds for the process to exit, and only then sends SIGKILL. Removes
    ``launcher.json``.

    Args:
        data_dir: The instance's data directory; default ``$LINKWATCH_DATA_DIR``.
        timeout: Seconds to wait for a clean exit before SIGKILL.

    Returns:
        True if a launcher was running, False if there was nothing to stop.
    """
    path = config.resolve(data_dir)
    info = config.read_info(path)
    running = False
    if info and "pid" in info:
        pid = int(info["pid"])
        if _is_our_launcher(pid, path):
            running = True
            _terminate(pid, timeout)
        _children.pop(pid, None)
    (path / INFO_FILE).unlink(missing_ok=True)
    return running
