"""Backups: what a restore would bring back and what it would lose, said before it happens."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.enums import Channel, ConsentState
from app.persistence.errors import NotAPrivacyDeskDatabase
from app.services import backups, clients, optouts
from app.services.consents import record_consent_answers
from app.services.rows import ClientDraft
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor


def test_a_restore_preview_names_the_backups_date_and_counts_what_came_after(store):
    sharing = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    kept = make_client(store, "Kept", "Client")
    made = backups.automatic_backup(store, now=NOW + timedelta(hours=1))
    later = NOW + timedelta(days=2)
    make_client(store, "Later", "Client")  # the factory records it at NOW: not newer
    clients.add_client(store, ClientDraft("New", "Person"), actor=ACTOR, now=later)
    record_consent_answers(
        store,
        kept.ref,
        {sharing.id: ConsentState.GIVEN},
        channel=Channel.EMAIL,
        occurred_at=later,
        actor=ACTOR,
        now=later,
    )
    optouts.log_optout(
        store,
        client_ref=kept.ref,
        channel=Channel.PHONE,
        scope="all",
        received_at=later,
        actor=ACTOR,
        now=later + timedelta(minutes=5),
    )
    preview = backups.restore_preview(store, made)
    assert preview.made_at == NOW + timedelta(hours=1)  # from the backup's name
    assert preview.backup_newest_change == NOW  # the last record it holds
    assert preview.current_newest_change == later + timedelta(minutes=5)
    assert preview.consent_answers_recorded == 2  # the consent, and its withdrawal
    assert preview.optouts_logged == 1
    assert preview.clients_added == 1  # "Later" was recorded at the moment "Kept" was


def test_a_backup_renamed_by_hand_is_dated_by_its_last_change(store, tmp_path):
    make_client(store, "Kept", "Client")
    copy = backups.backup_now(store, tmp_path / "my copy.sqlite3", now=NOW + timedelta(days=1))
    make_client(store, "Added", "Afterwards", email="added@example.org")
    preview = backups.restore_preview(store, copy)
    assert preview.made_at == NOW
    assert preview.clients_added == 0  # same moment as the factory's clients
    assert preview.current_newest_change == NOW


def test_a_file_that_is_not_a_backup_is_refused_before_anything_is_asked(store, tmp_path):
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("not a database")
    with pytest.raises(NotAPrivacyDeskDatabase):
        backups.restore_preview(store, notes)
