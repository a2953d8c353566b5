"""The recovery sheet: the passphrase on paper, made right after it was chosen."""

from __future__ import annotations

from datetime import date

from app.documents.recovery_sheet import RecoverySheet, RecoverySheetData
from app.persistence.store import Store
from app.services.practice import get_practice


def recovery_sheet_pdf(store: Store, passphrase: str, *, lang: str, today: date) -> bytes:
    """The sheet's PDF in `lang`, on the practice's paper. The passphrase is never stored:
    only the person who just typed it can have this made."""
    profile = get_practice(store)
    data = RecoverySheetData(
        practice_name=profile.name,
        passphrase=passphrase,
        data_folder=str(store.paths.home),
        key_file_name=store.paths.key_file.name,
        made_on=today,
    )
    return RecoverySheet(data, lang=lang, paper=profile.paper_size).render().data
