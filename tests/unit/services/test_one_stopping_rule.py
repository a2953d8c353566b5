"""Which sharings an opt-out stops is decided once: the logic, the form, the notice and the
script all give the same answer for every seeded purpose."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.domain.enums import Channel, ConsentState, OptOutScope
from app.domain.optout import can_be_stopped
from app.persistence.database import unit_of_work
from app.persistence.models import Purpose
from app.services import documents, optouts
from app.services.consents import record_consent_answers
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.unit.documents.pdfcheck import normalised, text_of


@pytest.fixture
def every_seeded_purpose(store):
    """One vendor per seeded purpose, sent contact details only (no sensitive category)."""
    with unit_of_work(store.engine) as session:
        marketing = dict(session.execute(select(Purpose.key, Purpose.is_marketing)).all())
    keys = sorted(marketing)
    client = make_client(store, "Ada", "Lovelace")
    sharings = {
        key: make_sharing(store, make_vendor(store, f"V{number}"), key, ("contact",))
        for number, key in enumerate(keys)
    }
    record_consent_answers(
        store,
        client.ref,
        {s.id: ConsentState.GIVEN for s in sharings.values() if s.consent_required},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW,
        actor=ACTOR,
        now=NOW,
    )
    facts = {
        key: SimpleNamespace(
            id=row.id,
            vendor=row.vendor,
            consent_required=row.consent_required,
            is_marketing=marketing[key],
        )
        for key, row in sharings.items()
    }
    return client, facts


def test_every_document_and_the_logic_agree_on_what_an_opt_out_stops(store, every_seeded_purpose):
    client, sharings = every_seeded_purpose
    # Written out, not asked of the rule: consent and marketing stop, the rest goes on.
    expected = {
        "activity_tracking": True,
        "backup": False,  # legitimate interests: goes on, or is objected to by name
        "bookkeeping": False,
        "newsletter": True,
        "nutrition_advice": True,
        "payments": False,
        "scheduling": False,
        "training_delivery": True,
    }
    assert set(expected) == set(sharings)
    assert {key: can_be_stopped(row) for key, row in sharings.items()} == expected

    result = optouts.log_optout(
        store, client_ref=client.ref, channel=Channel.PHONE, scope=OptOutScope.ALL,
        received_at=NOW + timedelta(hours=1), actor=ACTOR, now=NOW + timedelta(hours=1),
    )  # fmt: skip
    stopped = {s.sharing_id for s in result.stopped}
    continuing = {c.sharing_id for c in result.continuing}
    form = documents.render_document(store, "optout_form", client.ref, now=NOW)
    form = normalised(text_of(form.data))
    notice = normalised(text_of(documents.render_document(store, "notice", None, now=NOW).data))
    # Only the lines under "continues after an opt-out", up to the next section's heading.
    goes_on = notice.split("continues after an opt-out")[1].split(" 8. ")[0]
    script = normalised(result.script)
    for key, row in sharings.items():
        stops = expected[key]
        assert (row.id in stopped, row.id in continuing) == (stops, not stops), key
        # The postal form: a tick box line "V3: <purpose>" for what stops, a reason for the rest.
        assert (f"{row.vendor}: " in form) == stops, key
        assert (f"{row.vendor} (" in form) == (not stops), key
        # The notice says what goes on after an opt-out; the script tells the caller.
        assert (f"{row.vendor} (" in goes_on) == (not stops), key
        assert (f"({row.vendor})" in script.split("has to go on")[-1]) == (not stops), key
