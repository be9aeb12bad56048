"""The judgement log as a hash chain: each entry carries the hash of its predecessor (`prev_hash`) and its
own (`entry_hash`, over its fields and `prev_hash`). The first entry's predecessor is GENESIS. A rewritten,
removed or inserted entry breaks the chain, which `verify` reports (`csrating store verify`).

Unique constraints on `prev_hash` and on `supersedes` keep the history linear under concurrency: of two
writers that read the same tail, one commits and the other fails the constraint and retries on the new tail
(store.record_judgement)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
FIELDS = ("la_code", "year", "dataset", "from_grade", "to_grade", "reason", "author", "evidence")


def _when(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(row: Any) -> str:
    """The hash of one entry (a Judgement or any object with its fields)."""
    body = [row.prev_hash, *(getattr(row, f) for f in FIELDS), _when(row.recorded_at), row.supersedes_id]
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def verify(rows: list[Any]) -> list[str]:
    """Problems of the chain, in entry order (none when every entry is intact and the chain is linear)."""
    problems = []
    by_prev: dict[str | None, list[Any]] = {}
    for r in rows:
        by_prev.setdefault(r.prev_hash, []).append(r)
        if r.entry_hash is None or r.prev_hash is None:
            problems.append(f"judgement {r.id}: no hash (not written through the store)")
        elif entry_hash(r) != r.entry_hash:
            problems.append(f"judgement {r.id}: its content does not match its hash (rewritten)")
    for prev, rs in by_prev.items():
        if prev is not None and len(rs) > 1:
            problems.append(f"judgements {', '.join(str(r.id) for r in rs)} share a predecessor (a fork)")
    seen, at = 0, GENESIS
    ids = {r.id for r in rows}
    walked: set[int] = set()
    while at in by_prev and by_prev[at]:
        r = by_prev[at][0]
        if r.id in walked:
            break
        walked.add(r.id)
        seen += 1
        at = r.entry_hash
    missing = sorted(ids - walked)
    if missing and not problems:
        problems.append(
            f"the chain breaks after {seen} entries: judgements {', '.join(map(str, missing[:10]))} "
            "do not follow from it (an entry removed or inserted)"
        )
    supersedes: dict[int, list[int]] = {}
    for r in rows:
        if r.supersedes_id is not None:
            supersedes.setdefault(r.supersedes_id, []).append(r.id)
    for old, new in supersedes.items():
        if len(new) > 1:
            problems.append(f"judgement {old} is superseded by {len(new)} judgements {new} (a fork)")
    return problems
