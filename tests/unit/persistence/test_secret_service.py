"""The real keyring of a Linux desktop (Secret Service) keeps and gives back the practice key.

Runs a child under its own D-Bus session with gnome-keyring-daemon unlocked, with keyring
choosing its backend itself (no PYTHON_KEYRING_BACKEND), where those programs are installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.helpers.crash import ROOT
from tests.helpers.practice import PASSPHRASE

pytestmark = pytest.mark.skipif(
    shutil.which("dbus-run-session") is None or shutil.which("gnome-keyring-daemon") is None,
    reason="needs dbus-run-session and gnome-keyring-daemon (Debian: dbus, gnome-keyring)",
)

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import keyring
    from app.paths import DataPaths
    from app.persistence.store import Store
    from app.services.unlocking import create_practice

    print(type(keyring.get_keyring()).__module__)
    paths = DataPaths(Path(sys.argv[1]))
    with create_practice(paths, sys.argv[2]) as store:
        key = store.key
    with Store.open(paths) as again:  # no key given: it comes from the Secret Service
        print("same key" if again.key == key else "another key")
    """
)


def test_the_secret_service_keeps_the_practice_key(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    ours = ("PYTHON_KEYRING_BACKEND", "PRIVACY_DESK_TEST_KEYRING", "DBUS_SESSION_BUS_ADDRESS")
    environment = {name: value for name, value in os.environ.items() if name not in ours}
    environment.update(HOME=str(home), XDG_RUNTIME_DIR=str(home), PYTHONPATH=str(ROOT))
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    practice = tmp_path / "practice"
    completed = subprocess.run(
        [
            "dbus-run-session",
            "--",
            "sh",
            "-c",
            "printf unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "
            'exec "$0" "$@"',
            sys.executable,
            str(script),
            str(practice),
            PASSPHRASE,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["keyring.backends.SecretService", "same", "key"]
