"""The audit log names what an edit changed, and an edit that changes nothing leaves no entry."""

from __future__ import annotations

from sqlmodel import select

from app.persistence.database import unit_of_work
from app.persistence.ledgers import update_audited, verify
from app.persistence.models import AuditEntry, Vendor
from tests.helpers.factories import ACTOR, NOW, make_vendor


def _audit(store) -> list[AuditEntry]:
    with unit_of_work(store.engine) as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)))


def test_an_edit_sets_the_changed_fields_and_audits_their_names_only(store):
    vendor_id = make_vendor(store, "PulseSync").id
    before = len(_audit(store))
    with unit_of_work(store.engine) as session:
        vendor = session.get(Vendor, vendor_id)
        values = {
            "name": "PulseSync",
            "legal_name": "PulseSync Ltd",
            "website": "https://p.example",
        }
        changed = update_audited(session, vendor, values, at=NOW, actor=ACTOR, entity="vendor")
    assert changed == ["legal_name", "website"]
    entries = _audit(store)[before:]
    assert [(e.action, e.entity, e.entity_id, e.fields) for e in entries] == [
        ("update", "vendor", vendor_id, "legal_name,website")
    ]
    assert "PulseSync Ltd" not in entries[0].fields
    with store.engine.connect() as connection:
        assert verify(connection, "audit_log") is None


def test_an_edit_that_changes_nothing_writes_nothing(store):
    vendor_id = make_vendor(store, "PulseSync").id
    before = len(_audit(store))
    with unit_of_work(store.engine) as session:
        vendor = session.get(Vendor, vendor_id)
        changed = update_audited(
            session, vendor, {"name": "PulseSync"}, at=NOW, actor=ACTOR, entity="vendor"
        )
    assert changed == []
    assert len(_audit(store)) == before
