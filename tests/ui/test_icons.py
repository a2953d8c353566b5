"""Icons from the icon set on the navigation and every action, set after the first paint."""

from __future__ import annotations

from app.ui.actions import SPECS, ActionId
from app.ui.icons import icon, load_icon_set
from app.ui.main_window import MainWindow


def test_every_action_names_an_icon_the_set_has(qapp):
    assert load_icon_set()
    named = {action_id: spec.icon for action_id, spec in SPECS.items()}
    assert all(named.values()), [a for a, name in named.items() if not name]
    for name in named.values():
        assert not icon(name).pixmap(16, 16).isNull(), name


def test_the_window_shows_its_icons_once_painted(qtbot, context, preferences):
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    assert window.actions[ActionId.NEW_CLIENT].icon().isNull()  # words first
    window.show()
    qtbot.waitUntil(lambda: window.icons_shown, timeout=10_000)
    assert not window.actions[ActionId.NEW_CLIENT].icon().isNull()
    assert all(
        not window.navigation.item(row).icon().isNull() for row in range(window.navigation.count())
    )
