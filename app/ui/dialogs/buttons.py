"""OK and Cancel in the app's own words, so they follow the window's language everywhere.

Qt's standard buttons take their text from Qt's own catalogue (qtbase_zh_CN.qm). The window
loads it, but a system's PySide6 may ship without it (Debian packs Qt's translations apart)
and a dialog shown before it is loaded speaks English: a Chinese unlock dialog said "OK" and
"Cancel". The app's catalogue is always there.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from app.ui.text import _

OK = QDialogButtonBox.StandardButton.Ok
CANCEL = QDialogButtonBox.StandardButton.Cancel


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK (accept) and Cancel (reject) for `dialog`, their texts translated by the app."""
    buttons = QDialogButtonBox(OK | CANCEL)
    buttons.button(OK).setText(_("OK"))
    buttons.button(CANCEL).setText(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
