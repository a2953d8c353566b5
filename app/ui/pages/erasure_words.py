"""The words of an erasure in the window: the confirmation that says what goes and what
stays, and the result."""

from __future__ import annotations

from app.domain.refcodes import format_reference
from app.services.erasure import ErasurePlan, ErasureResult
from app.ui.text import _


def confirmation_text(plan: ErasurePlan) -> str:
    ref = format_reference(plan.client_ref)
    goes = [
        _(
            "Their name, email address, phone number, postal address and notes are erased "
            "for good; the reference code {ref} stays so the records it links hold together."
        ).format(ref=ref),
        _("Evidence files destroyed (scans, kept emails): {count}.").format(count=plan.files),
    ]
    if plan.vendors:
        goes.append(
            _("These vendors get a deletion task: {vendors}.").format(
                vendors=", ".join(plan.vendors)
            )
        )
    stays = [f"• {_(item.what)}: {_(item.why)}" for item in plan.kept]
    return "\n\n".join(
        [
            _("Erase client {ref}? This cannot be undone.").format(ref=ref),
            "\n".join(goes),
            _("What stays, because the law makes the practice keep it:"),
            "\n".join(stays),
        ]
    )


def result_text(result: ErasureResult) -> str:
    return _("Client {ref} erased. Vendors to tell: {count}.").format(
        ref=format_reference(result.client_ref), count=len(result.vendors)
    )
