"""Consents a coach collected on paper before the app, brought in through the real window:
Clients > Import paper consents…, the list read and checked, a column chosen by hand, the
rows with problems left out, the answers recorded and shown on the client's page."""

from __future__ import annotations

from app.domain.paper_consents import ConsentColumn
from app.domain.refcodes import format_reference
from app.services import clients
from app.ui.actions import ActionId
from app.ui.dialogs.paper_consent_dialog import PaperConsentDialog
from app.ui.main_window import MainWindow
from tests.helpers.dialogs import when_modal
from tests.helpers.factories import make_client, make_sharing, make_vendor


def test_paper_consents_are_checked_then_recorded_through_the_window(
    qtbot, context, preferences, store, tmp_path
):
    ada = make_client(store, "Ada", "Lovelace", email="ada@example.com")
    make_sharing(store, make_vendor(store, "MailFox"), "newsletter", ("contact",))
    listing = tmp_path / "Einwilligungen.csv"
    listing.write_text(
        "Wer;Anbieter;Datum;Einwilligung\n"
        f"{format_reference(ada.ref)};MailFox;14.03.2025;ja\n"
        "grace@example.com;MailFox;14.03.2025;ja\n",
        encoding="utf-8",
    )
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    seen: dict[str, object] = {}

    def record_there(dialog: PaperConsentDialog) -> None:
        assert isinstance(dialog, PaperConsentDialog)
        dialog.open_file(listing)
        qtbot.waitUntil(lambda: dialog.table is not None)
        seen["guessed"] = dialog.mapping()
        assert dialog.report is None or not dialog.record_button.isEnabled()
        dialog.report = None
        dialog.set_column(0, ConsentColumn.CLIENT)  # "Wer" is not a header it knows
        qtbot.waitUntil(lambda: dialog.report is not None)
        seen["summary"] = dialog.summary.text()
        seen["problems"] = [(line.row, line.why) for line in dialog.problems.rows()]
        assert not dialog.record_button.isEnabled()  # a row with a problem: not yet
        dialog.skip_problems.setChecked(True)
        assert dialog.record_button.isEnabled()
        dialog.record_button.click()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
        seen["outcome"] = dialog.outcome.text()
        assert not dialog.record_button.isEnabled()  # recorded once, never twice
        dialog.accept()

    when_modal(record_there)
    window.actions[ActionId.IMPORT_CONSENTS].trigger()  # returns once the dialog closed
    assert seen["guessed"][0] is ConsentColumn.IGNORE
    assert "1 answer of 1 client · 1 row with problems" in seen["summary"]
    assert seen["problems"] == [(3, "No client on record has this reference code or email.")]
    assert "1 answer recorded on the paper channel" in seen["outcome"]
    [event] = clients.get_client(store, ada.ref).history
    assert (event.vendor, event.state, event.channel) == ("MailFox", "given", "paper")
