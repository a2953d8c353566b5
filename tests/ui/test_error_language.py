"""A Chinese window refuses in Chinese: under the field, and in the message box."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.persistence.errors import DiskFull
from app.services import clients, vendors
from app.ui.dialogs.client_dialog import ClientDialog
from app.ui.dialogs.vendor_dialog import VendorDialog
from app.ui.text import set_language
from tests.helpers.dialogs import saved
from tests.helpers.factories import make_vendor


@pytest.fixture
def chinese(context):
    set_language("zh")  # before the dialog is built: widgets take the language they start with
    yield
    set_language("en")


def test_a_client_dialog_in_chinese_says_what_is_wrong_under_each_field(
    qtbot, context, store, chinese
):
    dialog = ClientDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.phone.setText("abc")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.form.error_text("given_name") != "")
    assert dialog.form.error_text("given_name") == "请输入名字。"
    assert dialog.form.error_text("phone") == "'abc' 不是有效的电话号码。"
    assert clients.count_clients(store) == 0


def test_a_vendor_name_already_taken_is_refused_in_chinese_under_the_name(
    qtbot, context, store, chinese
):
    make_vendor(store, "TrainLoop")
    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "TrainLoop")
    assert not saved(qtbot, dialog)
    assert dialog.who.error_text("name") == "登记簿中已有名为 TrainLoop 的服务提供商。"
    assert len(vendors.list_vendors(store)) == 1


def test_a_storage_error_shown_by_the_context_is_in_chinese(context, chinese, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    error = DiskFull("The disk is full, so nothing was saved. Free some space and try again.")
    context.show_error(error)
    assert shown == ["磁盘已满，所以什么都没有保存。请腾出一些空间后重试。"]
    assert str(error).startswith("The disk is full")
