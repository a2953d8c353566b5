"""Refusals read in the window language; ``str(error)`` stays the English sentence."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from sqlalchemy.exc import OperationalError

import app.domain
import app.persistence
import app.services
from app.domain.enums import Channel, ConsentState
from app.domain.errors import DomainError, Phrase, ValidationError
from app.domain.refcodes import parse_reference
from app.domain.validation import (
    PostalAddress,
    normalise_email,
    parse_phone,
    validate_address,
    validate_name,
)
from app.i18n import _catalogue
from app.persistence.database import known_storage_error
from app.persistence.errors import DiskFull
from app.services import vendors
from app.services.consents import record_consent_answers
from app.services.errors import InvalidInput
from app.ui.text import error_text, set_language
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor

ROOT = Path(__file__).resolve().parents[3]
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
ERROR_PACKAGES = ("domain", "services", "persistence")


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def english_left(text: str, *kept: str) -> list[str]:
    """Latin words in a Chinese sentence, once the parts shown as given are taken out."""
    for part in kept:
        assert part in text, f"{part!r} is not in {text!r}"
        text = text.replace(part, "")
    return LATIN_WORD.findall(text)


def _future_consent(store):
    client = make_client(store, "Ada", "Lovelace")
    sharing = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    record_consent_answers(
        store,
        client.ref,
        {sharing.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW + timedelta(days=1),
        actor=ACTOR,
        now=NOW,
    )


def _review_interval(store):
    draft = vendors.VendorDraft(name="CloudVault", review_interval_months=61)
    vendors.add_vendor(store, draft, actor=ACTOR, now=NOW)


def _disk_full():
    raise known_storage_error(
        OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    )


# (make the refusal, text shown as given in the Chinese sentence, a word of the Chinese)
SAMPLES = {
    "bad phone": (lambda store: parse_phone("abc", "GB"), ("'abc'",), "电话号码"),
    "short phone": (lambda store: parse_phone("+44 20", "GB"), ("'+44 20'",), "位数太少"),
    "bad email": (lambda store: normalise_email("ada@@example"), ("'ada@@example'",), "电子邮箱"),
    "empty name": (lambda store: validate_name("given_name", "  "), (), "请输入名"),
    "long name": (lambda store: validate_name("family_name", "x" * 201), ("200", "201"), "姓"),
    "reference length": (lambda store: parse_reference("K7M-Q2"), ("'K7MQ2'", "7", "5"), "编号"),
    "reference look-alike": (lambda store: parse_reference("K7M-Q2RO"), ("'O'", "0"), "数字"),
    "postal code": (
        lambda store: validate_address(
            PostalAddress(
                street="1 Main St",
                city="Albany",
                postal_code="1220",
                region="NY",
                country_code="US",
            )
        ),
        ("'1220'", "10000 或 00544"),
        "不是有效的邮编",
    ),
    "control character": (
        lambda store: validate_address(
            PostalAddress(street="1 Main St", city="Ber\x00lin", country_code="DE")
        ),
        ("U+0000",),
        "城市",
    ),
    "review interval": (_review_interval, ("1", "60"), "审查周期"),
    "future consent": (_future_consent, (), "答复日期"),
    "disk full": (lambda store: _disk_full(), (), "磁盘已满"),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_refusal_reads_in_chinese_with_the_input_as_typed(name, store, chinese):
    make, kept, word = SAMPLES[name]
    error = refusal(lambda: make(store))
    shown = error_text(error)
    assert CJK.search(shown) and word in shown, shown
    if name == "bad email":  # email_validator says why in English only: kept as it says it
        kept = (*kept, str(error).split(": ", 1)[1])
    assert english_left(shown, *kept) == [], shown
    assert "{" not in shown
    assert error_text(error) != str(error)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_in_english_the_window_shows_what_str_says(name, store):
    set_language("en")
    make, _kept, _word = SAMPLES[name]
    error = refusal(lambda: make(store))
    assert error_text(error) == str(error)
    if isinstance(error, ValidationError):
        assert error.message == str(error)


def test_english_sentences_are_unchanged_by_templates(store):
    assert str(refusal(lambda: parse_phone("abc", "GB"))) == "'abc' is not a phone number."
    assert str(refusal(lambda: validate_name("alias", ""))) == "Enter an alias."
    assert str(refusal(lambda: _disk_full())) == (
        "The disk is full, so nothing was saved. Free some space and try again."
    )
    assert isinstance(refusal(lambda: _disk_full()), DiskFull)


def test_several_problems_read_as_chinese_sentences_without_spaces(store, chinese):
    problems = refusal(
        lambda: vendors.add_vendor(
            store,
            vendors.VendorDraft(name="", storage_countries=("XX",)),
            actor=ACTOR,
            now=NOW,
        )
    )
    assert isinstance(problems, InvalidInput) and len(problems.problems) == 2
    assert error_text(problems) == (
        "请输入名称。'XX' 不是已知的国家/地区代码；请使用两个字母，例如 DE、GB、US 或 CN。"
    )
    assert str(problems) == " ".join(problem.message for problem in problems.problems)


def test_a_label_nobody_translated_stays_english_inside_the_chinese(chinese):
    error = refusal(lambda: validate_name("alias", ""))
    assert error_text(error) == "请输入alias。"


def test_a_translation_that_lost_a_placeholder_falls_back_to_english():
    phrase = Phrase("{entered} is not a phone number.", entered="'abc'")
    assert phrase.text(lambda _english: "{number} 不是电话号码。") == "'abc' is not a phone number."


def test_input_with_braces_is_never_read_as_a_placeholder(chinese):
    error = refusal(lambda: parse_phone("{entered}{0}", "GB"))
    assert error_text(error) == "'{entered}{0}' 不是有效的电话号码。"
    assert str(error) == "'{entered}{0}' is not a phone number."


def test_an_error_that_is_not_ours_is_shown_as_str(chinese):
    assert error_text(OSError("No space left")) == "No space left"


def _marked_in(package: str) -> set[str]:
    found = extract_from_dir(
        str(ROOT / "app" / package),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None},
    )
    return {message for _f, _l, message, _c, _ctx in found if isinstance(message, str)}


@pytest.mark.parametrize("package", ERROR_PACKAGES)
def test_every_marked_template_of_the_rules_has_chinese(package):
    marked = _marked_in(package)
    assert marked, f"nothing marked in app/{package}"
    missing = sorted(marked - set(_catalogue("zh")))
    assert not missing, f"{len(missing)} without Chinese in app/{package}: {missing[:5]}"


def _error_classes() -> set[str]:
    for package in (app.domain, app.persistence, app.services):
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{module.name}")
    seen: set[type] = set()
    todo = [DomainError]
    while todo:
        cls = todo.pop()
        seen.add(cls)
        todo.extend(cls.__subclasses__())
    return {cls.__name__ for cls in seen}


def test_every_refusal_raised_by_the_rules_is_marked_for_translation():
    """An English sentence written straight into an error would never be translated."""
    classes = _error_classes()
    unmarked = []
    for package in ERROR_PACKAGES:
        for source in sorted((ROOT / "app" / package).rglob("*.py")):
            for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                called = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if called not in classes:
                    continue
                sentences = node.args[1:] if called == "ValidationError" else node.args
                unmarked += [
                    f"{source.relative_to(ROOT)}:{node.lineno}"
                    for arg in sentences
                    if isinstance(arg, ast.JoinedStr)
                    or (isinstance(arg, ast.Constant) and isinstance(arg.value, str))
                ]
    assert not unmarked, f"write the sentence as N_(template), values as keywords: {unmarked}"
