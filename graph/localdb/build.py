"""Build the launcher (``graph/localdb/launcher``) with Maven, once, and cache the result.

The launcher is one Java class, ``linkwatch.Neo4jLauncher``, whose jars Maven resolves from
Maven Central into ``~/.m2``. The build is cached in ``launcher/target`` and keyed on a
SHA-256 of ``pom.xml`` and the Java source, so it reruns only when either changes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from graph.localdb.config import LauncherError

LAUNCHER_DIR = Path(__file__).resolve().parent / "launcher"
POM = LAUNCHER_DIR / "pom.xml"
JAVA_SOURCE = LAUNCHER_DIR / "src" / "main" / "java" / "linkwatch" / "Neo4jLauncher.java"
TARGET_DIR = LAUNCHER_DIR / "target"
CLASSES_DIR = TARGET_DIR / "classes"
COMPILED_CLASS = CLASSES_DIR / "linkwatch" / "Neo4jLauncher.class"
CLASSPATH_FILE = TARGET_DIR / "classpath.txt"
BUILD_STAMP = TARGET_DIR / "linkwatch-build.json"
MAIN_CLASS = "linkwatch.Neo4jLauncher"

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
