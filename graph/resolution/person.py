"""The confirmed person a subject record belongs to, read in one place for every surface.

Light on purpose (no Splink, DuckDB or pandas): the profile, the links, the paths, the
packs and the trawl ask it which records an analyst confirmed as one person
(``SAME_PERSON_AS``) and who confirmed them, instead of each looking the cluster up its own
way. A record nobody confirmed with another is a person of one record.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.db import Database


def person(db: Database, subject_id: str) -> dict[str, Any]:
    """The person ``subject_id`` belongs to.

    Returns:
        ``subject_id``; ``records``: every record of the person, this one included, sorted;
        ``others``: the records other than this one; ``links``: the confirmations
        ``{"by", "at", "reason", "ids"}`` that join them (empty for a person of one record);
        ``confirmed_by``: who confirmed, sorted; ``members``: each record's
        ``subject_id``, ``forename``, ``surname`` and ``dob``, in id order.
    """
    rows = db.read("resolution/cluster", subject_id=subject_id)
    others = sorted(rows[0]["others"]) if rows else []
    links = sorted((lk for lk in (rows[0]["links"] if rows else []) if lk),
                   key=lambda lk: (lk.get("at") or "", lk["ids"]))
    return {
        "subject_id": subject_id,
        "records": sorted([subject_id, *others]),
        "others": others,
        "links": links,
        "confirmed_by": sorted({lk["by"] for lk in links if lk.get("by")}),
        "members": sorted(rows[0]["members"] if rows else [], key=lambda m: m["subject_id"]),
    }


def records_of(db: Database, ids: Iterable[str]) -> dict[str, list[str]]:
    """For each of ``ids`` confirmed with other records, all the person's records (sorted,
    itself included); ids of a person of one record are left out."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {r["subject_id"]: sorted([r["subject_id"], *r["others"]])
            for r in db.read("resolution/clusters_of", ids=wanted)}


def representative(records: list[str]) -> str:
    """The record that stands for a person where one id must (the lowest, as the network
    view keeps).

    >>> representative(["S9", "S10", "S2"])
    'S10'
    """
    return min(records)


class People:
    """Subject records folded into people as the searches meet them: each record of a
    confirmed person stands for the whole person under one id (``pinned`` ids first, else
    :func:`representative`), so a chain of links or a list of links counts the person once.
    """

    def __init__(self, db: Database, pinned: Iterable[str] = ()) -> None:
        self.db = db
        self.alias: dict[str, str] = {}
        self.records: dict[str, list[str]] = {}
        for pin in pinned:
            self.learn([pin], pin)

    def learn(self, ids: Iterable[str], pin: str | None = None) -> None:
        """Look up the people of the ``ids`` not met yet (one read)."""
        unknown = sorted({i for i in ids if i not in self.alias})
        if not unknown:
            return
        found = records_of(self.db, unknown)
        for i in unknown:
            if i in self.alias:
                continue
            records = found.get(i, [i])
            stand = pin if pin in records else representative(records)
            for r in records:
                self.alias[r] = stand
            self.records[stand] = records

    def of(self, subject_id: str) -> str:
        """The id standing for ``subject_id``'s person."""
        self.learn([subject_id])
        return self.alias[subject_id]

    def members(self, ids: Iterable[str]) -> list[str]:
        """Every record of the people ``ids`` stand for."""
        ids = list(ids)
        self.learn(ids)
        return [r for i in ids for r in self.records.get(self.alias[i], [i])]

    def fold(self, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Link evidence rows (``source``, ``target``) between people: each end the id
        standing for its person; a row between two records of one person goes."""
        rows = list(rows)
        self.learn([r["source"] for r in rows] + [r["target"] for r in rows])
        out = []
        for r in rows:
            source, target = self.alias[r["source"]], self.alias[r["target"]]
            if source != target:
                out.append({**r, "source": source, "target": target})
        return out
