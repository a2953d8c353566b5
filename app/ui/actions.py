"""Every action of the window in one registry, so menus, toolbar and shortcuts share them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, auto

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from app.ui.icons import icon
from app.ui.text import N_, _


class ActionId(Enum):
    GO_TODAY = auto()
    GO_CLIENTS = auto()
    GO_VENDORS = auto()
    GO_OPTOUTS = auto()
    GO_REQUESTS = auto()
    GO_INCIDENTS = auto()
    GO_DOCUMENTS = auto()
    GO_SETTINGS = auto()
    FIND_CLIENT = auto()
    LOG_OPTOUT = auto()
    LOG_INCIDENT = auto()
    LOG_REQUEST = auto()
    NEW_CLIENT = auto()
    EDIT_CLIENT = auto()
    ARCHIVE_CLIENT = auto()
    RECORD_CONSENT = auto()
    IMPORT_CLIENTS = auto()
    IMPORT_CONSENTS = auto()
    NEW_VENDOR = auto()
    REVIEW_VENDOR = auto()
    REFRESH = auto()
    BACKUP_NOW = auto()
    RESTORE = auto()
    QUIT = auto()
    ABOUT = auto()


@dataclass(frozen=True)
class ActionSpec:
    text: str  # marked with N_, translated when the action is built
    shortcut: str | QKeySequence.StandardKey | None = None
    tip: str = ""


SPECS: dict[ActionId, ActionSpec] = {
    ActionId.GO_TODAY: ActionSpec(N_("&Today"), "Ctrl+1", N_("What needs attention now")),
    ActionId.GO_CLIENTS: ActionSpec(N_("&Clients"), "Ctrl+2", N_("Every client on record")),
    ActionId.GO_VENDORS: ActionSpec(N_("&Vendors"), "Ctrl+3", N_("Service providers")),
    ActionId.GO_OPTOUTS: ActionSpec(
        N_("&Opt-outs"), "Ctrl+4", N_("Opt-out requests, vendors to tell")
    ),
    ActionId.GO_REQUESTS: ActionSpec(
        N_("&Requests"), "Ctrl+7", N_("Access, correction, deletion and other requests; complaints")
    ),
    ActionId.GO_INCIDENTS: ActionSpec(
        N_("&Incidents"), "Ctrl+6", N_("Breaches and incidents, with their clock")
    ),
    ActionId.LOG_INCIDENT: ActionSpec(
        N_("Log &incident…"), "Ctrl+Shift+I", N_("Data lost, sent astray or breached: log it now")
    ),
    ActionId.GO_DOCUMENTS: ActionSpec(
        N_("&Documents"), "Ctrl+5", N_("Notices, forms and letters; notice versions")
    ),
    ActionId.LOG_OPTOUT: ActionSpec(
        N_("&Log opt-out…"), "Ctrl+Shift+O", N_("A client asks to opt out: record it now")
    ),
    ActionId.LOG_REQUEST: ActionSpec(
        N_("Log re&quest…"),
        "Ctrl+Shift+R",
        N_("A client asks for their data, a correction or deletion, or complains: record it"),
    ),
    ActionId.GO_SETTINGS: ActionSpec(N_("&Settings"), "Ctrl+,", N_("Practice profile, backups")),
    ActionId.FIND_CLIENT: ActionSpec(N_("&Find client…"), QKeySequence.StandardKey.Find),
    ActionId.NEW_CLIENT: ActionSpec(N_("&New client…"), QKeySequence.StandardKey.New),
    ActionId.EDIT_CLIENT: ActionSpec(N_("&Edit client…"), "Ctrl+E"),
    ActionId.ARCHIVE_CLIENT: ActionSpec(N_("&Archive client"), None),
    ActionId.RECORD_CONSENT: ActionSpec(N_("Record &consent answers…"), "Ctrl+R"),
    ActionId.IMPORT_CLIENTS: ActionSpec(
        N_("&Import clients…"), None, N_("Import clients from a CSV, Excel or vCard file")
    ),
    ActionId.IMPORT_CONSENTS: ActionSpec(
        N_("Import &paper consents…"), None, N_("Consents collected on paper, from a list")
    ),
    ActionId.NEW_VENDOR: ActionSpec(N_("New &vendor…"), "Ctrl+Shift+N"),
    ActionId.REVIEW_VENDOR: ActionSpec(N_("&Review vendor…"), None),
    ActionId.REFRESH: ActionSpec(N_("Re&fresh"), QKeySequence.StandardKey.Refresh),
    ActionId.BACKUP_NOW: ActionSpec(N_("&Back up now"), "Ctrl+B"),
    ActionId.RESTORE: ActionSpec(N_("&Restore from backup…"), None),
    ActionId.QUIT: ActionSpec(N_("&Quit"), QKeySequence.StandardKey.Quit),
    ActionId.ABOUT: ActionSpec(N_("&About Privacy Desk"), None),
}


# Each action's icon (a name of app/ui/icons.py NAMES), apart from SPECS so that an action
# added there needs no icon and a merge touches one line here.
ACTION_ICONS: dict[ActionId, str] = {
    ActionId.GO_TODAY: "today",
    ActionId.GO_CLIENTS: "clients",
    ActionId.GO_VENDORS: "vendors",
    ActionId.GO_OPTOUTS: "optouts",
    ActionId.GO_REQUESTS: "requests",
    ActionId.GO_INCIDENTS: "incidents",
    ActionId.GO_DOCUMENTS: "documents",
    ActionId.GO_SETTINGS: "settings",
    ActionId.FIND_CLIENT: "find",
    ActionId.LOG_OPTOUT: "optouts",
    ActionId.LOG_INCIDENT: "incidents",
    ActionId.LOG_REQUEST: "requests",
    ActionId.NEW_CLIENT: "add-client",
    ActionId.EDIT_CLIENT: "edit-client",
    ActionId.ARCHIVE_CLIENT: "archive",
    ActionId.RECORD_CONSENT: "consent",
    ActionId.IMPORT_CLIENTS: "import",
    ActionId.IMPORT_CONSENTS: "import",
    ActionId.NEW_VENDOR: "add-vendor",
    ActionId.REVIEW_VENDOR: "review",
    ActionId.REFRESH: "refresh",
    ActionId.BACKUP_NOW: "backup",
    ActionId.RESTORE: "restore",
    ActionId.QUIT: "quit",
    ActionId.ABOUT: "about",
}

# The menu bar: each menu's title (marked with N_) and its actions in order; None a separator.
MENUS: tuple[tuple[str, tuple[ActionId | None, ...]], ...] = (
    (N_("&File"), (ActionId.BACKUP_NOW, ActionId.RESTORE, None, ActionId.QUIT)),
    (
        N_("&Clients"),
        (
            ActionId.FIND_CLIENT,
            ActionId.LOG_OPTOUT,
            ActionId.LOG_REQUEST,
            ActionId.NEW_CLIENT,
            ActionId.EDIT_CLIENT,
            ActionId.RECORD_CONSENT,
            None,
            ActionId.IMPORT_CLIENTS,
            ActionId.IMPORT_CONSENTS,
            None,
            ActionId.ARCHIVE_CLIENT,
        ),
    ),
    (N_("V&endors"), (ActionId.NEW_VENDOR, ActionId.REVIEW_VENDOR, None, ActionId.LOG_INCIDENT)),
    (
        N_("&Go"),
        (
            ActionId.GO_TODAY,
            ActionId.GO_CLIENTS,
            ActionId.GO_VENDORS,
            ActionId.GO_OPTOUTS,
            ActionId.GO_REQUESTS,
            ActionId.GO_INCIDENTS,
            ActionId.GO_DOCUMENTS,
            ActionId.GO_SETTINGS,
            None,
            ActionId.REFRESH,
        ),
    ),
    (N_("&Help"), (ActionId.ABOUT,)),
)
# The toolbar: what a coach does most, from anywhere.
TOOLBAR = (
    ActionId.GO_TODAY,
    ActionId.FIND_CLIENT,
    ActionId.LOG_OPTOUT,
    ActionId.LOG_REQUEST,
    ActionId.NEW_CLIENT,
    ActionId.RECORD_CONSENT,
    ActionId.NEW_VENDOR,
    ActionId.BACKUP_NOW,
)


class ActionRegistry:
    """Builds each action once; pages connect to them and enable them as they see fit."""

    def __init__(self, parent: QWidget) -> None:
        self._actions: dict[ActionId, QAction] = {}
        for action_id, spec in SPECS.items():
            action = QAction(_(spec.text), parent)
            action.setObjectName(action_id.name.lower())
            if spec.shortcut is not None:
                action.setShortcut(QKeySequence(spec.shortcut))
            if spec.tip:
                action.setStatusTip(_(spec.tip))
            if action_id in ACTION_ICONS:
                action.setIcon(icon(ACTION_ICONS[action_id]))
            parent.addAction(action)  # shortcuts work wherever focus is in the window
            self._actions[action_id] = action

    def __getitem__(self, action_id: ActionId) -> QAction:
        return self._actions[action_id]
