"""Settings: the practice profile with errors by their fields, backups, restore."""

from __future__ import annotations

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QMessageBox

from app.services import clients, practice
from app.ui.pages.settings import SettingsPage
from app.ui.worker import LongTask
from tests.helpers.factories import make_client


def make_page(qtbot, context, preferences) -> SettingsPage:
    page = SettingsPage(context, preferences)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not context.worker.busy)  # the profile is in the fields
    return page


def save(qtbot, page: SettingsPage) -> bool:
    """Press save and wait for the worker's answer: saved (and shown again), or refused."""
    outcome: list[bool] = []
    page.save(then=outcome.append)
    qtbot.waitUntil(lambda: bool(outcome))
    return outcome[0]


def restore(qtbot, page: SettingsPage, path, *, confirm: bool) -> None:
    with qtbot.waitSignal(page.restore_finished, timeout=10_000):
        assert page.restore_from(str(path), confirm=confirm)


def test_a_bad_email_is_shown_under_its_field_and_the_profile_is_unchanged(
    qtbot, context, preferences, store
):
    page = make_page(qtbot, context, preferences)
    page.fields["name"].setText("Riverside Strength")
    page.fields["email"].setText("not an email")
    assert not save(qtbot, page)
    assert "not a valid email" in page.form.error_text("email")
    assert practice.get_practice(store).name == ""
    page.fields["email"].setText("hello@riverside.example")
    assert save(qtbot, page)
    assert practice.get_practice(store).name == "Riverside Strength"


def test_back_up_now_runs_on_the_database_worker_and_restore_brings_it_back(
    qtbot, context, preferences, store, monkeypatch
):
    from app.services import backups

    make_client(store, "Kept", "Client")
    page = make_page(qtbot, context, preferences)
    threads = []
    back_up = backups.automatic_backup

    def watched(*args, **kwargs):
        threads.append(QThread.currentThread())
        return back_up(*args, **kwargs)

    monkeypatch.setattr(backups, "automatic_backup", watched)
    task = page.back_up_now()
    qtbot.waitUntil(lambda: task.is_finished() and page.backup_button.isEnabled(), timeout=30_000)
    assert threads == [context.worker.thread]  # in turn with every other read and write
    [made] = sorted(preferences.backup_folder.glob("auto-*.sqlite3"))
    make_client(store, "Later", "Client")
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    restore(qtbot, page, made, confirm=True)
    assert [row.name for row in clients.find_clients(store, "")] == ["Kept Client"]


def test_restore_waits_for_work_in_progress(qtbot, context, preferences, store, monkeypatch):
    page = make_page(qtbot, context, preferences)
    told = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda *args, **kw: told.append(args[2]))
    )
    monkeypatch.setattr(LongTask, "running", {object()})
    assert not page.restore_from("/nonexistent.sqlite3", confirm=False)
    assert told and "work in progress" in told[0]


def test_the_practice_name_is_required_because_every_document_is_headed_with_it(
    qtbot, context, preferences, store
):
    page = make_page(qtbot, context, preferences)
    page.fields["name"].setText("   ")
    page.fields["email"].setText("hello@riverside.example")
    assert not save(qtbot, page)
    assert page.form.error_text("name") == "Enter a name."
    assert practice.get_practice(store).email == ""  # nothing half saved


def test_an_empty_authority_says_which_one_the_documents_name(qtbot, context, preferences, store):
    practice.update_practice(
        store,
        {"country_code": "DE", "holiday_country": "DE", "holiday_subdivision": "BY"},
        actor="coach",
    )
    page = make_page(qtbot, context, preferences)
    field = page.fields["supervisory_authority"]
    assert field.text() == ""
    assert field.placeholderText() == (
        "Empty: the Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)"
    )


def test_back_up_now_says_where_the_file_went_and_opens_its_folder(
    qtbot, context, preferences, store, monkeypatch
):
    from PySide6.QtGui import QDesktopServices

    page = make_page(qtbot, context, preferences)
    said = []
    context.status_message.connect(said.append)
    task = page.back_up_now()
    qtbot.waitUntil(lambda: task.is_finished() and page.backup_button.isEnabled(), timeout=30_000)
    [made] = sorted(preferences.backup_folder.glob("auto-*.sqlite3"))
    assert str(made) in page.backup_status.text()
    assert any(str(made) in message for message in said)  # seen from any page, too
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(opened.append))
    page.open_folder_button.click()
    assert [url.toLocalFile() for url in opened] == [str(made.parent)]


def test_the_restore_question_names_the_backups_date_and_what_would_be_lost(
    qtbot, context, preferences, store, monkeypatch
):
    from datetime import timedelta

    from app.domain.enums import Channel
    from app.services import backups, optouts
    from app.ui.text import moment_text
    from tests.helpers.factories import ACTOR, NOW

    client = make_client(store, "Kept", "Client")
    made = backups.automatic_backup(store, now=NOW + timedelta(minutes=30))
    optouts.log_optout(
        store,
        client_ref=client.ref,
        channel=Channel.PHONE,
        scope="all",
        received_at=NOW + timedelta(days=1),
        actor=ACTOR,
        now=NOW + timedelta(days=1),
    )
    page = make_page(qtbot, context, preferences)
    asked = []

    def no(_parent, _title, text, _buttons, default):
        asked.append(text)
        assert default == QMessageBox.StandardButton.No  # Enter never replaces everything
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(no))
    assert not page.restore_from(str(made), confirm=True)
    [question] = asked
    assert moment_text(NOW + timedelta(minutes=30)) in question  # when the backup was made
    assert "opt-out requests: 1" in question
    assert moment_text(NOW + timedelta(days=1)) in question  # the newest change now
    assert [row.name for row in clients.find_clients(store, "")] == ["Kept Client"]
    assert optouts.list_optouts(store, now=NOW + timedelta(days=1))  # nothing was replaced


def test_a_website_that_is_no_web_address_is_refused_under_it(qtbot, context, preferences, store):
    page = make_page(qtbot, context, preferences)
    page.fields["name"].setText("Riverside Strength")
    page.fields["website"].setText("not a url")
    page.fields["online_optout_url"].setText("riverside.example/opt-out")
    assert not save(qtbot, page)
    assert "not a web address" in page.form.error_text("website")
    assert practice.get_practice(store).website == ""
    page.fields["website"].setText("https://riverside.example")
    assert save(qtbot, page)
    saved = practice.get_practice(store)
    assert saved.online_optout_url == "https://riverside.example/opt-out"
    assert page.fields["online_optout_url"].text() == "https://riverside.example/opt-out"


def test_settings_say_whose_holidays_count_and_ask_when_the_address_cannot_tell(
    qtbot, context, preferences, store
):
    page = make_page(qtbot, context, preferences)
    page.fields["name"].setText("Riverside Strength")
    page.fields["city"].setText("London")
    page.fields["postal_code"].setText("SE1 9TG")
    assert page.holiday_part.currentText() == "England, from the address"
    assert "public holidays of England" in page.calendar_in_use.text()
    page.street.setPlainText("27 Sumner Street")
    assert save(qtbot, page), {key: page.form.error_text(key) for key in ("street", "city", "name")}
    assert practice.holiday_calendar_in_use(practice.get_practice(store)).part == "ENG"

    page.country.setCurrentIndex(page.country.findData("DE"))
    page.holiday_country.setCurrentIndex(page.holiday_country.findData("DE"))
    page.fields["city"].setText("München")
    page.fields["postal_code"].setText("80331")
    assert page.holiday_part.currentData() == ""
    assert "choose yours" in page.calendar_in_use.text()  # the Länder keep different holidays
    page.holiday_part.setCurrentIndex(page.holiday_part.findData("BY"))
    assert "public holidays of Bayern" in page.calendar_in_use.text()
    assert "choose yours" not in page.calendar_in_use.text()
