"""What every page shares: operations on the one worker, and the changes they publish."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.ui.changes import EVERYTHING, Changes


def test_a_page_hears_only_the_changes_it_shows(qtbot, context):
    page = QWidget()
    qtbot.addWidget(page)
    heard: list[Changes] = []
    context.subscribe(page, Changes(vendors=True, sharings=True), heard.append)
    context.publish(Changes(clients=True))
    context.publish(Changes(sharings=True))
    context.publish(EVERYTHING)
    assert heard == [Changes(sharings=True), EVERYTHING]


def test_an_operation_publishes_its_changes_once_after_it_succeeded(qtbot, context):
    page = QWidget()
    qtbot.addWidget(page)
    order: list[str] = []
    context.subscribe(page, Changes(clients=True), lambda _c: order.append("published"))
    context.status_message.connect(lambda text: order.append(text))
    context.run(
        lambda _store: "row",
        lambda result: order.append(f"done with {result}"),
        changes=Changes(clients=True),
        message=lambda result: f"saved {result}",
    )
    qtbot.waitUntil(lambda: len(order) == 3)
    assert order == ["done with row", "published", "saved row"]


def test_a_failed_operation_publishes_nothing(qtbot, context):
    from app.services.errors import NotFound

    page = QWidget()
    qtbot.addWidget(page)
    heard: list[Changes] = []
    errors: list[BaseException] = []
    context.subscribe(page, Changes(clients=True), heard.append)

    def refuse(_store):
        raise NotFound("No client has the reference code ABC-DEFG.")

    context.run(refuse, changes=Changes(clients=True), on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert heard == [] and isinstance(errors[0], NotFound)
