"""Start, stop and inspect the local Neo4j (Community 5.26 LTS, embedded, Bolt on 127.0.0.1).

The database runs in a small JVM launcher (``graph/launcher``, class ``linkwatch.Neo4jLauncher``)
whose jars Maven resolves from Maven Central. To the official Python driver it is an ordinary
Neo4j server: ``bolt://127.0.0.1:<port>``, user ``neo4j``, password authentication, so pointing
``NEO4J_URI`` at a real server needs no code change.

Layout of a data directory (default ``$LINKWATCH_DATA_DIR`` or ``<repo>/.linkwatch/neo4j``)::

    password        the neo4j user's password (mode 0600)
    launcher.json   pid, bolt_port, uri, started_at of the running launcher
    neo4j.log       launcher stdout/stderr (Neo4j's user log)
    logs/debug.log  Neo4j's debug log
    data/           store files and transaction logs

Typical use (pytest fixture)::

    info = start(tmp_path / "neo4j", free_port())
    ...
    stop(tmp_path / "neo4j")
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = [
    "DEFAULT_DATA_DIR",
    "LauncherError",
    "connection",
    "ensure_built",
    "free_port",
    "start",
    "status",
    "stop",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
LAUNCHER_DIR = Path(__file__).resolve().parent / "launcher"
POM = LAUNCHER_DIR / "pom.xml"
JAVA_SOURCE = LAUNCHER_DIR / "src" / "main" / "java" / "linkwatch" / "Neo4jLauncher.java"
TARGET_DIR = LAUNCHER_DIR / "target"
CLASSES_DIR = TARGET_DIR / "classes"
COMPILED_CLASS = CLASSES_DIR / "linkwatch" / "Neo4jLauncher.class"
CLASSPATH_FILE = TARGET_DIR / "classpath.txt"
BUILD_STAMP = TARGET_DIR / "linkwatch-build.json"
MAIN_CLASS = "linkwatch.Neo4jLauncher"

DEFAULT_DATA_DIR = Path(os.environ.get("LINKWATCH_DATA_DIR") or REPO_ROOT / ".linkwatch" / "neo4j")
DEFAULT_BOLT_PORT = 7687
DEFAULT_HEAP = "1g"
DEFAULT_PAGECACHE = "512m"
USER = "neo4j"
PASSWORD_ENV = "LINKWATCH_NEO4J_PASSWORD"
HEAP_ENV = "LINKWATCH_NEO4J_HEAP"
PAGECACHE_ENV = "LINKWATCH_NEO4J_PAGECACHE"
MIN_PASSWORD_LENGTH = 8  # Neo4j's dbms.security.auth_minimum_password_length default

PASSWORD_FILE = "password"
INFO_FILE = "launcher.json"
LOG_FILE = "neo4j.log"
READY_PREFIX = "READY "

# JVM flags the Neo4j server scripts also use; heap flags are added by start().
JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
]

_SIZE_RE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")

# Launchers started by this Python process, so that they can be reaped (no zombies) on stop().
_children: dict[int, subprocess.Popen[bytes]] = {}


class LauncherError(RuntimeError):
    """The local Neo4j could not be built, started, stopped or found."""


# --------------------------------------------------------------------------- build


def _build_key() -> str:
    digest = hashlib.sha256()
    for path in (POM, JAVA_SOURCE):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _read_stamp() -> dict[str, Any] | None:
    try:
        return json.loads(BUILD_STAMP.read_text())
    except (OSError, ValueError):
        return None


def _stamp_is_current(key: str) -> str | None:
    """Returns the cached classpath if the build for ``key`` is complete, else None."""
    stamp = _read_stamp()
    if not stamp or stamp.get("key") != key or not COMPILED_CLASS.is_file():
        return None
    classpath = stamp.get("classpath")
    if not isinstance(classpath, str) or not classpath:
        return None
    # A cleaned ~/.m2 invalidates the cached classpath.
    if not all(Path(jar).exists() for jar in classpath.split(os.pathsep)):
        return None
    return classpath


def _require_tool(name: str, hint: str) -> str:
    found = shutil.which(name)
    if not found:
        raise LauncherError(f"`{name}` is not on PATH: install {hint} to run the local Neo4j")
    return found


def ensure_built() -> list[str]:
    """Compiles the launcher with Maven when needed and returns the java command prefix.

    Maven runs when the compiled class or the cached runtime classpath is missing, or when
    ``pom.xml`` or ``Neo4jLauncher.java`` changed since the last build (the cache is keyed on
    a SHA-256 of both files). Concurrent callers are serialised with a file lock.

    Returns:
        The command prefix ``[java, <jvm options>, "-cp", <classpath>, "linkwatch.Neo4jLauncher"]``;
        append the launcher arguments. Heap flags go right after ``java``.

    Raises:
        LauncherError: ``java`` or ``mvn`` is missing, or the Maven build failed.
    """
    java = _require_tool(
        "java", "a Java 17+ runtime (e.g. apt-get install openjdk-17-jre-headless)"
    )
    key = _build_key()
    classpath = _stamp_is_current(key)
    if classpath is None:
        TARGET_DIR.mkdir(parents=True, exist_ok=True)
        with open(TARGET_DIR / ".build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                classpath = _stamp_is_current(key)  # another process may have just built it
                if classpath is None:
                    classpath = _maven_build(key)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
    full_classpath = os.pathsep.join([str(CLASSES_DIR), classpath])
    return [java, *JVM_OPTIONS, "-cp", full_classpath, MAIN_CLASS]


def _maven_build(key: str) -> str:
    mvn = _require_tool("mvn", "Apache Maven 3.8+ (e.g. apt-get install maven)")
    _require_tool("javac", "a Java 17+ JDK (e.g. apt-get install openjdk-17-jdk-headless)")
    BUILD_STAMP.unlink(missing_ok=True)
    command = [
        mvn,
        "-q",
        "-B",
        "-f",
        str(POM),
        "compile",
        "dependency:build-classpath",
        f"-Dmdep.outputFile={CLASSPATH_FILE}",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    except subprocess.TimeoutExpired as exc:
        raise LauncherError("Maven build of the Neo4j launcher timed out after 30 min") from exc
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip().splitlines()
        tail = " | ".join(output[-8:]) or f"exit code {result.returncode}"
        raise LauncherError(f"Maven build of the Neo4j launcher failed: {tail}")
    classpath = CLASSPATH_FILE.read_text().strip()
    if not classpath or not COMPILED_CLASS.is_file():
        raise LauncherError("Maven build of the Neo4j launcher produced no class or classpath")
    tmp = BUILD_STAMP.with_suffix(".tmp")
    tmp.write_text(json.dumps({"key": key, "classpath": classpath}))
    tmp.replace(BUILD_STAMP)
    return classpath


# --------------------------------------------------------------------------- helpers


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


def _resolve(data_dir: str | os.PathLike[str]) -> Path:
    return Path(data_dir).expanduser().resolve()


def _read_info(data_dir: Path) -> dict[str, Any] | None:
    try:
        info = json.loads((data_dir / INFO_FILE).read_text())
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def _write_info(data_dir: Path, info: dict[str, Any]) -> None:
    tmp = data_dir / (INFO_FILE + ".tmp")
    tmp.write_text(json.dumps(info, indent=2) + "\n")
    tmp.replace(data_dir / INFO_FILE)


def _password(data_dir: Path) -> str:
    """Returns the neo4j password for ``data_dir``, creating/updating the 0600 password file.

    ``$LINKWATCH_NEO4J_PASSWORD`` overrides (and is then stored, so the file always holds the
    password in effect); otherwise the stored one is used, or a random one is generated.
    """
    path = data_dir / PASSWORD_FILE
    wanted = os.environ.get(PASSWORD_ENV) or None
    stored: str | None = None
    with contextlib.suppress(FileNotFoundError):
        stored = path.read_text().strip() or None
    password = wanted or stored or secrets.token_urlsafe(24)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise LauncherError(
            f"the Neo4j password must be at least {MIN_PASSWORD_LENGTH} characters"
            f" (check ${PASSWORD_ENV} or {path})"
        )
    if "\n" in password or "\r" in password:
        raise LauncherError(
            f"the Neo4j password must not contain line breaks (check ${PASSWORD_ENV})"
        )
    if password != stored:
        tmp = data_dir / (PASSWORD_FILE + ".tmp")
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(password + "\n")
        tmp.replace(path)
    path.chmod(0o600)
    return password


def _stored_password(data_dir: Path) -> str:
    try:
        return (data_dir / PASSWORD_FILE).read_text().strip()
    except OSError as exc:
        raise LauncherError(f"no Neo4j password stored in {data_dir / PASSWORD_FILE}") from exc


def _size(value: str | None, env: str, default: str) -> str:
    size = (value or os.environ.get(env) or default).strip()
    if not _SIZE_RE.match(size):
        raise LauncherError(f"invalid memory size {size!r} (use e.g. 512m or 2g; see ${env})")
    return size


def _log_tail(path: Path, lines: int = 15) -> str:
    try:
        text = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(text[-lines:])


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
    from neo4j import GraphDatabase  # local import: keeps `import graph.local_neo4j` cheap

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


# --------------------------------------------------------------------------- public API


def status(data_dir: str | os.PathLike[str] = DEFAULT_DATA_DIR) -> dict[str, Any] | None:
    """Reports the local Neo4j running for ``data_dir``.

    Args:
        data_dir: The instance's data directory.

    Returns:
        ``{"uri", "user", "password", "pid", "data_dir", "bolt_port", "started_at", "log"}``
        when its launcher process is alive and Bolt answers on its port, otherwise None.
    """
    path = _resolve(data_dir)
    info = _read_info(path)
    if not info or "pid" not in info or "bolt_port" not in info:
        return None
    if info.get("state") != "running":
        return None
    if not _is_our_launcher(int(info["pid"]), path) or not _bolt_answers(int(info["bolt_port"])):
        return None
    try:
        password = _stored_password(path)
    except LauncherError:
        return None
    return _info_dict(path, info, password)


def connection(data_dir: str | os.PathLike[str] = DEFAULT_DATA_DIR) -> tuple[str, str, str]:
    """Returns ``(uri, user, password)`` of the running local Neo4j for ``data_dir``.

    Args:
        data_dir: The instance's data directory.

    Returns:
        The Bolt URI, user name and password to give ``neo4j.GraphDatabase.driver``.

    Raises:
        LauncherError: Nothing is running for ``data_dir``.
    """
    info = status(data_dir)
    if info is None:
        raise LauncherError(
            f"the local Neo4j is not running for {_resolve(data_dir)}; run `linkwatch neo4j start`"
        )
    return info["uri"], info["user"], info["password"]


def start(
    data_dir: str | os.PathLike[str] = DEFAULT_DATA_DIR,
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
        data_dir: Data directory (created if missing).
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
    path = _resolve(data_dir)
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        path.chmod(0o700)
    heap_size = _size(heap, HEAP_ENV, DEFAULT_HEAP)
    pagecache_size = _size(pagecache, PAGECACHE_ENV, DEFAULT_PAGECACHE)
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
    info = _read_info(path)
    if info and "pid" in info and _is_our_launcher(int(info["pid"]), path):
        # Already running: reuse it, even if it listens on another port than ``bolt_port``.
        # Still "starting" means the process that launched it died before marking it ready
        # (concurrent start() calls are serialised by the lock): adopt it once it accepts
        # the stored password.
        password = _stored_password(path)
        port = int(info["bolt_port"])
        while time.monotonic() < deadline and _is_our_launcher(int(info["pid"]), path):
            if _bolt_answers(port):
                if info.get("state") == "running":
                    return _info_dict(path, info, password)
                with contextlib.suppress(Exception):
                    _verify(info["uri"], password, 5)
                    info["state"] = "running"
                    _write_info(path, info)
                    return _info_dict(path, info, password)
            time.sleep(1)
            info = _read_info(path) or info
        raise LauncherError(
            f"a Neo4j launcher (pid {info['pid']}) holds {path} but does not answer on Bolt"
            f" port {port}; run `linkwatch neo4j stop`. Log:\n{_log_tail(path / LOG_FILE)}"
        )
    (path / INFO_FILE).unlink(missing_ok=True)  # stale

    if not _port_is_free(bolt_port):
        raise LauncherError(
            f"port {bolt_port} on 127.0.0.1 is already in use by another program;"
            " stop it or choose another Bolt port"
        )
    password = _password(path)
    command = ensure_built()
    command = [command[0], f"-Xms{heap}", f"-Xmx{heap}", *command[1:]]
    command += ["--data-dir", str(path), "--bolt-port", str(bolt_port), "--pagecache", pagecache]
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
    _write_info(path, info)

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
    _write_info(path, info)
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
                    f" Log ({log_path}):\n{_log_tail(log_path)}"
                )
            if time.monotonic() > deadline:
                raise LauncherError(
                    f"Neo4j did not become ready in time. Log ({log_path}):\n{_log_tail(log_path)}"
                )
            time.sleep(0.05)


def stop(data_dir: str | os.PathLike[str] = DEFAULT_DATA_DIR, timeout: float = 60) -> bool:
    """Stops the local Neo4j for ``data_dir`` cleanly.

    Sends SIGTERM (the launcher's shutdown hook checkpoints and closes the databases), waits
    up to ``timeout`` seconds for the process to exit, and only then sends SIGKILL. Removes
    ``launcher.json``.

    Args:
        data_dir: The instance's data directory.
        timeout: Seconds to wait for a clean exit before SIGKILL.

    Returns:
        True if a launcher was running, False if there was nothing to stop.
    """
    path = _resolve(data_dir)
    info = _read_info(path)
    running = False
    if info and "pid" in info:
        pid = int(info["pid"])
        if _is_our_launcher(pid, path):
            running = True
            _terminate(pid, timeout)
        _children.pop(pid, None)
    (path / INFO_FILE).unlink(missing_ok=True)
    return running


@contextlib.contextmanager
def scratch_database(work_dir: str | os.PathLike[str]) -> Iterator[Any]:
    """A database for benchmarks and one-off jobs: ``NEO4J_URI``'s server if set, else a
    local Neo4j started in ``work_dir/neo4j`` on a free port and stopped afterwards.

    Yields:
        A :class:`graph.db.Database`, closed on exit.
    """
    from graph.db import Database
    from graph.settings import Neo4jSettings

    data_dir = None
    if os.environ.get("NEO4J_URI"):
        db = Database()
    else:
        data_dir = Path(work_dir) / "neo4j"
        info = start(data_dir, bolt_port=free_port())
        db = Database(Neo4jSettings(info["uri"], info["user"], info["password"]))
    try:
        yield db
    finally:
        db.close()
        if data_dir is not None:
            stop(data_dir)
