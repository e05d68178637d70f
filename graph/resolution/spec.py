"""The resolution's configuration (graph/config/resolution.yaml): light to read, so a page
that only needs the threshold (the dashboard) does not import Splink, DuckDB or pandas."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from graph.settings import settings

DEFAULT_SPEC = Path(__file__).resolve().parents[1] / "config" / "resolution.yaml"


@dataclass(frozen=True)
class Spec:
    """The training configuration (graph/config/resolution.yaml)."""

    version: str
    threshold: float
    seed: int
    u_max_pairs: float
    em_blocks: tuple[tuple[str, ...], ...]
    threads: int
    digest: str


def load_spec(path: Path | None = None) -> Spec:
    """Read the training configuration: ``LINKWATCH_RESOLUTION`` or the shipped file."""
    source = Path(path or settings().resolution or DEFAULT_SPEC)
    raw = source.read_bytes()
    data = yaml.safe_load(raw)
    return Spec(
        version=str(data["version"]),
        threshold=float(data["threshold"]),
        seed=int(data["seed"]),
        u_max_pairs=float(data["u_max_pairs"]),
        em_blocks=tuple(tuple(b) for b in data["em_blocks"]),
        threads=int(data.get("threads", 2)),
        digest=hashlib.sha256(raw).hexdigest()[:12],
    )
