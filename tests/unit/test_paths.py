"""Where the program finds its own files, in a source tree and in a frozen build."""

from __future__ import annotations

import importlib
import sys

from app.paths import resources_dir


def test_the_resources_folder_is_a_real_folder_even_when_the_package_is_a_namespace(
    tmp_path, monkeypatch
):
    # A frozen build whose resources folder has no __init__.py makes app.resources a namespace
    # package: importlib.resources.files() is then a MultiplexedPath, whose str() is
    # "MultiplexedPath('...')" and no folder at all (PITFALLS.md, PyInstaller).
    shipped = tmp_path / "frozen_resources"
    (shipped / "fonts").mkdir(parents=True)
    (shipped / "fonts" / "Shipped.ttf").write_bytes(b"")
    monkeypatch.syspath_prepend(str(tmp_path))
    namespace = importlib.import_module("frozen_resources")
    monkeypatch.setitem(sys.modules, "app.resources", namespace)

    assert resources_dir() == shipped
    assert (resources_dir() / "fonts" / "Shipped.ttf").is_file()


def test_the_resources_folder_of_a_source_tree_holds_the_fonts_and_translations():
    assert (resources_dir() / "fonts").is_dir()
    assert any((resources_dir() / "translations").glob("zh-*.po"))


def test_the_backup_folder_the_window_chose_is_read_without_qt(tmp_path):
    from app.paths import DataPaths, backup_folder_setting

    paths = DataPaths(tmp_path)
    assert backup_folder_setting(paths) == paths.backups  # nothing chosen yet
    (tmp_path / "window.ini").write_text(
        '[backups]\nfolder="C:\\\\Users\\\\Zoë\\\\备份, x"\n', encoding="utf-8"
    )
    assert str(backup_folder_setting(paths)) == "C:\\Users\\Zoë\\备份, x"
    (tmp_path / "window.ini").write_text("[backups]\nfolder=/srv/\\x1b\n", encoding="utf-8")
    assert backup_folder_setting(paths) == paths.backups  # an escape not read here: the default
