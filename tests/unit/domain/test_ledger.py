"""The ledger hash: every row ever recorded must hash the same in every later version."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from app.domain.ledger import GENESIS_HASH, chain_hash

ROW = {
    "client_id": 7,
    "state": "withdrawn",
    "occurred_at": datetime(2026, 7, 9, 23, 30, tzinfo=timezone(timedelta(hours=1))),
    "recorded_at": datetime(2026, 7, 9, 22, 31, tzinfo=UTC),
    "evidence_note": 'Zoë 王伟 "quoted"',
    "evidence_file": None,
    "on": date(2026, 7, 10),
    "ratio": 1.5,
    "flag": True,
}


def test_a_row_hashes_as_it_did_when_it_was_recorded():
    """A change to how content is serialised would make check call every ledger forged."""
    assert chain_hash(GENESIS_HASH, ROW) == (
        "d80440d82c1acd80122e8ae414fdca3230f506dd8ce067866d4f984a2c292ab5"
    )


def test_a_time_hashes_the_same_in_any_zone():
    in_london = {**ROW, "occurred_at": ROW["occurred_at"].astimezone(UTC)}
    assert chain_hash(GENESIS_HASH, in_london) == chain_hash(GENESIS_HASH, ROW)


def test_each_hash_follows_from_the_one_before():
    assert chain_hash("1" * 64, ROW) != chain_hash(GENESIS_HASH, ROW)
