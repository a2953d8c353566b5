"""Settings: the practice profile with errors by their fields, backups, restore."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.services import clients, practice
from app.ui.pages.settings import SettingsPage
from app.ui.worker import LongTask
from tests.helpers.factories import make_client


def make_page(qtbot, context, preferences) -> SettingsPage:
    page = SettingsPage(context, preferences)
    qtbot.addWidget(page)
    return page


def test_a_bad_email_is_shown_under_its_field_and_the_profile_is_unchanged(
    qtbot, context, preferences, store
):
    page = make_page(qtbot, context, preferences)
    page.fields["name"].setText("Riverside Strength")
    page.fields["email"].setText("not an email")
    assert not page.save()
    assert "not a valid email" in page.form.error_text("email")
    assert practice.get_practice(store).name == ""
    page.fields["email"].setText("hello@riverside.example")
    assert page.save()
    assert practice.get_practice(store).name == "Riverside Strength"


def test_back_up_now_runs_off_the_gui_thread_and_restore_brings_it_back(
    qtbot, context, preferences, store, monkeypatch
):
    make_client(store, "Kept", "Client")
    page = make_page(qtbot, context, preferences)
    task = page.back_up_now()
    qtbot.waitUntil(lambda: task.isFinished() and page.backup_button.isEnabled(), timeout=30_000)
    [made] = sorted(preferences.backup_folder.glob("auto-*.sqlite3"))
    make_client(store, "Later", "Client")
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    assert page.restore_from(str(made), confirm=True)
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


def test_a_long_task_counts_as_running_from_the_moment_it_is_started(qtbot):
    import threading

    release = threading.Event()
    task = LongTask(lambda _progress: release.wait(10))
    task.start()
    assert task in LongTask.running  # before the thread has even begun
    with qtbot.waitSignal(task.finished, timeout=10_000):
        release.set()
    qtbot.waitUntil(lambda: task not in LongTask.running)


def test_the_practice_name_is_required_because_every_document_is_headed_with_it(
    qtbot, context, preferences, store
):
    page = make_page(qtbot, context, preferences)
    page.fields["name"].setText("   ")
    page.fields["email"].setText("hello@riverside.example")
    assert not page.save()
    assert page.form.error_text("name") == "Enter a name."
    assert practice.get_practice(store).email == ""  # nothing half saved


def test_an_empty_authority_says_which_one_the_documents_name(qtbot, context, preferences, store):
    practice.update_practice(
        store,
        {"country_code": "DE", "holiday_country": "DE", "holiday_subdivision": "BY"},
        actor="coach",
    )
    page = make_page(qtbot, context, preferences)
    page.load()
    field = page.fields["supervisory_authority"]
    assert field.text() == ""
    assert field.placeholderText() == (
        "Empty: the Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)"
    )


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
    assert page.save(), {key: page.form.error_text(key) for key in ("street", "city", "name")}
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
