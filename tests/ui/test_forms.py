"""A refusal is read where it happened: under its field, whole, however narrow the field."""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QDialog, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from app.domain.errors import N_, ValidationError
from app.services.errors import InvalidInput
from app.ui.forms import FieldForm

LONG_REFUSAL = N_(
    "The next review must fall after this one, and after every action's due date, so that "
    "the actions can be checked when the vendor is looked at again."
)


def make_form(qtbot) -> tuple[QDialog, FieldForm]:
    dialog = QDialog()
    outer = QVBoxLayout(dialog)
    form = FieldForm()
    outer.addLayout(form)
    form.add_field("name", "Name", QLineEdit())
    form.add_field("next_due_on", "Next review due", QDateEdit())
    form.add_field("interval", "Review every", QSpinBox())
    qtbot.addWidget(dialog)
    dialog.resize(420, 140)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, form


def error_label(dialog, key):
    from PySide6.QtWidgets import QLabel

    return dialog.findChild(QLabel, f"error_{key}")


def fully_shown(label) -> bool:
    return label.isVisible() and label.height() >= label.heightForWidth(label.width())


def test_an_error_under_a_narrow_field_uses_the_width_of_the_form(qtbot):
    dialog, form = make_form(qtbot)
    date_field = dialog.findChild(QDateEdit, "next_due_on")
    form.show_errors(InvalidInput([ValidationError("next_due_on", LONG_REFUSAL)]))
    label = error_label(dialog, "next_due_on")
    qtbot.waitUntil(lambda: fully_shown(label))
    assert label.width() > 2 * date_field.width()  # not squeezed under the date
    name_field = dialog.findChild(QLineEdit, "name")
    assert name_field.width() >= label.width() - 2  # a text box still spans the form
    assert date_field.width() < name_field.width() / 2  # a date keeps its own width


def test_the_window_grows_until_every_error_line_can_be_read(qtbot):
    dialog, form = make_form(qtbot)
    height_before = dialog.height()
    form.show_errors(
        InvalidInput(
            [
                ValidationError("name", LONG_REFUSAL),
                ValidationError("next_due_on", LONG_REFUSAL),
                ValidationError("interval", LONG_REFUSAL),
            ]
        )
    )
    labels = [error_label(dialog, key) for key in ("name", "next_due_on", "interval")]
    qtbot.waitUntil(lambda: all(fully_shown(label) for label in labels))
    assert dialog.height() > height_before
    assert dialog.width() == 420  # grown in height only, never made narrower or wider


def test_a_date_field_reads_like_the_dates_on_the_pages(qtbot):
    from datetime import UTC, date

    from app.ui.forms import date_field
    from app.ui.text import day_text, set_language, set_practice_place

    day = date(2026, 12, 1)
    try:
        for language, country, shown in (
            ("en", "GB", "1 Dec 2026"),
            ("en", "US", "Dec 1, 2026"),
            ("zh", "CN", "2026年12月1日"),
        ):
            set_language(language)
            set_practice_place(country, UTC)
            field = date_field(day)
            qtbot.addWidget(field)
            assert day_text(day) == shown
            assert field.text() == shown
    finally:
        set_language("en")
        set_practice_place("GB", UTC)


def make_address_form(qtbot) -> tuple[QDialog, FieldForm]:
    from PySide6.QtWidgets import QPlainTextEdit

    dialog = QDialog()
    form = FieldForm()
    QVBoxLayout(dialog).addLayout(form)
    form.add_field("given_name", "Given name", QLineEdit())
    street = form.add_field("street", "Street", QPlainTextEdit())
    street.setFixedHeight(56)  # as the client dialog and the practice profile have it
    form.add_field("city", "Town or city", QLineEdit())
    qtbot.addWidget(dialog)
    dialog.resize(420, 100)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, form


def top_and_bottom(widget, dialog) -> tuple[int, int]:
    from PySide6.QtCore import QPoint

    top = widget.mapTo(dialog, QPoint(0, 0)).y()
    return top, top + widget.height()


def test_the_error_under_a_multi_line_box_is_drawn_under_it_even_in_a_short_window(qtbot):
    dialog, form = make_address_form(qtbot)
    form.show_errors(
        InvalidInput([ValidationError(key, LONG_REFUSAL) for key in ("given_name", "street")])
    )
    dialog.resize(420, 150)  # shorter than the errors need: the person made it so, or the screen
    street = dialog.findChild(QWidget, "street")
    label = error_label(dialog, "street")
    qtbot.waitUntil(lambda: fully_shown(label))
    assert top_and_bottom(label, dialog)[0] >= top_and_bottom(street, dialog)[1]
    city = dialog.findChild(QLineEdit, "city")
    assert top_and_bottom(city, dialog)[0] >= top_and_bottom(label, dialog)[1]


def test_an_error_clears_when_its_field_is_edited_and_the_others_stay(qtbot):
    dialog, form = make_address_form(qtbot)
    form.show_errors(
        InvalidInput(
            [
                ValidationError("given_name", N_("Enter a given name.")),
                ValidationError("street", N_("Enter the street address.")),
            ]
        )
    )
    given, street = error_label(dialog, "given_name"), error_label(dialog, "street")
    assert given.isVisible() and street.isVisible()
    qtbot.keyClicks(dialog.findChild(QLineEdit, "given_name"), "Ada")
    assert not given.isVisible() and form.error_text("given_name") == ""
    assert street.isVisible()
    qtbot.keyClicks(dialog.findChild(QWidget, "street"), "1 Long Lane")
    assert not street.isVisible()


def test_a_refusal_about_no_field_clears_the_errors_of_the_attempt_before(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.services.errors import Conflict
    from app.ui.forms import show_refusal

    dialog, form = make_address_form(qtbot)
    show_refusal(dialog, form, ValidationError("street", N_("Enter the street address.")))
    assert error_label(dialog, "street").isVisible()
    told = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *args: told.append(args[2])))
    show_refusal(
        dialog, form, Conflict(N_("A vendor called {name} is already on the register."), name="X")
    )
    assert told and not error_label(dialog, "street").isVisible()
