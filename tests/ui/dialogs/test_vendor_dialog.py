"""Adding or editing a vendor: what it does, where it keeps data, the contract on file."""

from __future__ import annotations

from datetime import date

from app.services import practice, vendors
from app.ui.dialogs.vendor_dialog import VendorDialog
from tests.helpers.dialogs import saved
from tests.helpers.factories import ACTOR, NOW, make_vendor


def test_a_vendor_keeping_data_abroad_needs_a_transfer_safeguard(qtbot, context, store):
    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "CloudVault")
    qtbot.keyClicks(dialog.countries, "GB, US")

    assert not saved(qtbot, dialog)
    assert "transfer safeguard" in dialog.data.error_text("transfer_safeguard")
    assert vendors.list_vendors(store) == []

    qtbot.keyClicks(dialog.safeguard, "Standard contractual clauses (2021)")
    dialog.clauses["breach_notice"].setChecked(True)
    assert saved(qtbot, dialog)
    detail = vendors.get_vendor(store, dialog.saved.id)
    assert detail.draft.storage_countries == ("GB", "US")
    assert detail.draft.clauses == ("breach_notice",)


def test_a_name_already_on_the_register_is_refused_under_the_name(qtbot, context, store):
    make_vendor(store, "TrainLoop")
    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "TrainLoop")

    assert not saved(qtbot, dialog)
    assert "already on the register" in dialog.who.error_text("name")
    assert len(vendors.list_vendors(store)) == 1


def test_editing_a_vendor_starts_from_everything_on_the_register(qtbot, context, store):
    row = make_vendor(
        store,
        "Tom & <Jerry> Ltd",
        countries=("DE",),
        service_description_zh="在线训练应用",
        contract_signed_on=date(2025, 1, 8),
        clauses=("responsibility", "deletion_at_end"),
        review_interval_months=6,
    )
    dialog = VendorDialog(context, vendors.get_vendor(store, row.id))
    qtbot.addWidget(dialog)

    assert dialog.draft() == vendors.get_vendor(store, row.id).draft
    dialog.interval.setValue(9)
    assert saved(qtbot, dialog)
    assert vendors.get_vendor(store, row.id).draft.review_interval_months == 9


def test_the_vendors_texts_are_kept_in_chinese_beside_the_english(qtbot, context, store):
    row = make_vendor(
        store,
        "Vaultwise",
        countries=("US",),
        transfer_safeguard_zh="英国国际数据传输附录",
        security_measures="Encrypted before upload.",
        security_measures_zh="上传前加密。",
    )
    dialog = VendorDialog(context, vendors.get_vendor(store, row.id))
    qtbot.addWidget(dialog)
    assert (dialog.safeguard_zh.text(), dialog.security_zh.toPlainText()) == (
        "英国国际数据传输附录",
        "上传前加密。",
    )
    dialog.security_zh.setPlainText("文件在上传前已加密。")
    assert saved(qtbot, dialog)
    draft = vendors.get_vendor(store, row.id).draft
    assert (draft.security_measures, draft.security_measures_zh) == (
        "Encrypted before upload.",
        "文件在上传前已加密。",
    )


def test_abroad_is_judged_by_the_practices_law_and_the_usual_safeguard_is_offered(
    qtbot, context, store
):
    practice.update_practice(store, {"country_code": "DE"}, actor=ACTOR, now=NOW)
    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Postbird")
    qtbot.keyClicks(dialog.countries, "DE, IE")
    assert "abroad" not in dialog.countries_hint.text()  # the EEA is home for a German practice
    assert dialog.safeguard.placeholderText() == ""
    assert saved(qtbot, dialog)  # no safeguard asked for

    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.countries, "GB, US")
    assert dialog.safeguard.placeholderText() == (
        "e.g. Adequacy decision of the European Commission; EU Standard Contractual Clauses (2021)"
    )


def test_a_hint_that_wraps_while_typing_grows_the_dialog_instead_of_being_clipped(
    qtbot, context, store
):
    practice.update_practice(store, {"country_code": "DE"}, actor=ACTOR, now=NOW)
    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.countries, "GB, US, IE")
    assert "abroad for this practice: United Kingdom, United States;" in (
        dialog.countries_hint.text()
    )
    hint = dialog.countries_hint
    qtbot.waitUntil(lambda: hint.height() >= hint.heightForWidth(hint.width()) > 30)


def test_a_new_vendor_starts_from_a_template_and_is_named_by_the_coach(qtbot, context, store):
    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    assert dialog.templates.count() == 9  # none, and the eight services
    dialog.templates.setCurrentIndex(dialog.templates.findData("cloud_backup"))
    assert (dialog.description.text(), dialog.description_zh.text()) == ("Cloud backup", "云备份")
    assert not dialog.questions_box.isHidden()
    assert "a key only the practice holds" in dialog.questions.text()
    assert "delete or return the data" in dialog.questions.text()
    assert dialog.name.text() == ""  # the company is the coach's to name
    assert not saved(qtbot, dialog)  # not without a name
    qtbot.keyClicks(dialog.name, "Vault & <Co>")
    assert saved(qtbot, dialog)
    assert dialog.template is not None and dialog.template.key == "cloud_backup"
    [row] = vendors.list_vendors(store)
    assert (row.name, row.service_description) == ("Vault & <Co>", "Cloud backup")
    dialog.templates.setCurrentIndex(0)
    assert dialog.template is None and dialog.questions_box.isHidden()


def test_an_existing_vendor_offers_no_template(qtbot, context, store):
    row = make_vendor(store, "TrainLoop")
    dialog = VendorDialog(context, vendors.get_vendor(store, row.id))
    qtbot.addWidget(dialog)
    assert dialog.templates.parent() is None  # never laid out in the form
