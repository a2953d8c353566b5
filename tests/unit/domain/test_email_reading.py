"""Reading a request that arrived by email: who sent it, when, their code and what they ask.

The samples under emails/ are shaped like what each mail program really saves (headers,
boundaries, transfer encodings and charsets as those programs write them).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.emails import (
    MAX_EMAIL_BYTES,
    EmailUnreadable,
    read_email,
    read_pasted_email,
    received_at_of,
)
from app.domain.enums import RequestKind

SAMPLES = Path(__file__).parent / "emails"
LONDON = ZoneInfo("Europe/London")


def sample(name: str):
    return read_email((SAMPLES / name).read_bytes(), zone=LONDON)


def test_an_outlook_opt_out_gives_its_sender_date_code_and_kind():
    read = sample("outlook_opt_out.eml")
    assert read.sender_address == "anna.schmidt@outlook.com"
    assert read.sender_name == "Schmidt, Anna"
    assert read.sent_at == datetime(2025, 11, 4, 9, 12, 44, tzinfo=UTC)
    assert read.subject == "Opt out"
    assert "I\u2019d like to opt out" in read.body  # windows-1252 quoted-printable decoded
    assert "<p" not in read.body  # the plain part is preferred to the HTML one
    assert read.references == ("K7MQ2R7",)
    assert read.kind is RequestKind.OPT_OUT
    assert read.has_headers


def test_a_gmail_code_typed_in_lower_case_without_its_dash_is_found():
    read = sample("gmail_unsubscribe.eml")
    assert read.sender_name == "Tom Baker"
    assert read.sent_at == datetime(2025, 11, 6, 2, 3, 21, tzinfo=UTC)
    assert read.references == ("HX4W9T7",)
    assert read.kind is RequestKind.OPT_OUT


def test_apple_mail_gives_an_encoded_name_and_reads_do_not_sell_as_an_opt_out():
    read = sample("apple_mail_do_not_sell.eml")
    assert read.sender_name == "Zoë Ångström"
    assert read.sender_address == "zoe.angstrom@icloud.com"
    assert read.sent_at == datetime(2025, 11, 6, 12, 45, 2, tzinfo=UTC)
    assert read.references == ("PD3KRNP",)
    assert read.kind is RequestKind.OPT_OUT


def test_a_qq_mail_reply_in_gb18030_is_read_and_its_own_words_win_over_the_quoted_notice():
    read = sample("qq_mail_gb18030_reply.eml")
    assert read.sender_name == "王芳"
    assert read.sender_address == "12345678@qq.com"
    assert read.subject == "回复：隐私声明更新"
    assert read.sent_at == datetime(2025, 11, 7, 13, 30, 5, tzinfo=UTC)
    assert "请帮我退订" in read.body
    assert "B6T-NVAV" not in read.body and "B6T-NVAV" in read.quoted
    # The practice's quoted message names another code and offers deletion: neither counts
    # before the client's own words.
    assert read.references[0] == "ZQ8M5EU"
    assert read.kind is RequestKind.OPT_OUT
    assert RequestKind.DELETION not in read.also_asked


def test_a_big5_message_in_traditional_characters_is_an_opt_out():
    read = sample("big5_cancel_subscription.eml")
    assert read.sender_name == "陳美玲"
    assert read.subject == "取消訂閱"
    assert "撤回同意" in read.body
    assert read.kind is RequestKind.OPT_OUT
    assert read.references == ()


def test_an_html_only_gbk_message_asking_for_deletion_is_proposed_as_a_deletion():
    read = sample("netease_gbk_html_only_deletion.eml")
    assert read.sender_name == "李娜"
    assert "请删除我在你们那里的全部个人信息。" in read.body
    assert "<div" not in read.body and "&nbsp;" not in read.body
    assert read.kind is RequestKind.DELETION


def test_a_forwarded_email_is_read_as_the_client_wrote_it():
    read = sample("gmail_forwarded.eml")
    assert read.forwarded
    assert read.sender_address == "ada@example.org"
    assert read.sender_name == "Ada Lovelace"
    assert read.subject == "Stop sharing my data"
    # Gmail gives the forwarded time without a zone: it is the practice's local time.
    assert read.sent_at == datetime(2025, 11, 9, 20, 14, tzinfo=LONDON)
    assert "FYI" not in read.body and "I withdraw my consent" in read.body
    assert read.kind is RequestKind.OPT_OUT


def test_a_reply_quoting_the_practice_takes_the_clients_code_not_the_quoted_one():
    read = sample("gmail_reply_quoting_practice.eml")
    assert read.references[0] == "MRSTAPU"  # written in capitals with its dash, no digit
    assert "B6T-NVAV" in read.quoted and "B6T" not in read.body
    assert read.kind is RequestKind.OPT_OUT
    assert read.also_asked == ()  # "delete" and "copy of your data" are the practice's words


def test_a_text_pasted_from_outlooks_reading_pane_gives_its_sender_and_sent_time():
    read = read_pasted_email(
        "From: Anna Schmidt <anna.schmidt@outlook.com>\n"
        "Sent: Tuesday, 4 November 2025 09:12\n"
        "To: Sam Coach <sam@fitwithsam.example>\n"
        "Subject: Withdraw consent\n\n"
        "Please withdraw my consent to sharing. Reference k7m-q2r7.\n",
        zone=LONDON,
    )
    assert read.sender_address == "anna.schmidt@outlook.com"
    assert read.sender_name == "Anna Schmidt"
    assert read.sent_at == datetime(2025, 11, 4, 9, 12, tzinfo=LONDON)
    assert read.references == ("K7MQ2R7",)
    assert read.kind is RequestKind.OPT_OUT


def test_a_pasted_text_with_no_headers_is_all_body():
    read = read_pasted_email(
        "Hi Sam, please unsubscribe me from the newsletter.\nThanks, Ada (ref K7MQ2R7)", zone=LONDON
    )
    assert not read.has_headers
    assert read.sender_address == "" and read.sent_at is None and read.subject == ""
    assert read.body.startswith("Hi Sam, please unsubscribe me")
    assert read.references == ("K7MQ2R7",)
    assert read.kind is RequestKind.OPT_OUT


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("Please delete all my data.", RequestKind.DELETION),
        ("I want you to erase my records.", RequestKind.DELETION),
        ("Could you send me a copy of my data?", RequestKind.ACCESS),
        ("请把我的资料给我查阅。", RequestKind.ACCESS),
        ("请复制一份我的信息给我。", RequestKind.ACCESS),
        ("我的电话号码有误，请更正。", RequestKind.CORRECTION),
        ("请删除我的数据", RequestKind.DELETION),
        ("我要退订", RequestKind.OPT_OUT),
        ("不要分享我的信息", RequestKind.OPT_OUT),
        ("Do not sell my personal information", RequestKind.OPT_OUT),
        ("Please don\u2019t share my details", RequestKind.OPT_OUT),
        ("Stop sharing my data with the app.", RequestKind.OPT_OUT),
        ("I would like to opt-out.", RequestKind.OPT_OUT),
        ("See you on Tuesday at the gym!", None),
    ],
)
def test_the_kind_is_proposed_from_the_words_used(words, kind):
    assert read_pasted_email(words, zone=LONDON).kind is kind


def test_an_email_asking_two_things_proposes_the_first_and_says_the_other():
    read = read_pasted_email("Please unsubscribe me and then delete my data.", zone=LONDON)
    assert read.kind is RequestKind.OPT_OUT
    assert read.also_asked == (RequestKind.DELETION,)


def test_a_code_whose_check_character_fails_is_not_a_reference():
    read = read_pasted_email("My code is K7M-Q2R8, please opt me out.", zone=LONDON)
    assert read.references == ()


def test_words_that_happen_to_verify_are_not_codes_unless_written_like_one():
    # Seven lower-case letters of the code alphabet without a dash or digit are a word.
    words = "between suggest pattern whether wrapped strange dessert"
    assert read_pasted_email(words, zone=LONDON).references == ()


def test_a_full_width_code_typed_with_a_chinese_input_method_is_found():
    read = read_pasted_email("我的编号：ＺＱ８－Ｍ５ＥＵ，请退订。", zone=LONDON)
    assert read.references == ("ZQ8M5EU",)


def test_the_received_time_is_the_date_sent_never_later_than_now():
    now = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)
    read = sample("outlook_opt_out.eml")
    assert received_at_of(read, now) == read.sent_at
    ahead = read_pasted_email(
        "From: a@example.org\nDate: Thu, 20 Nov 2025 12:05:00 +0000\n\nunsubscribe", zone=LONDON
    )
    assert received_at_of(ahead, now) == now  # the sender's clock ran fast: it is here now
    assert received_at_of(read_pasted_email("unsubscribe", zone=LONDON), now) == now


def test_a_date_with_a_named_offset_is_kept_aware():
    read = read_pasted_email(
        "From: a@example.org\nDate: Fri, 7 Nov 2025 21:30:05 +0800\n\nunsubscribe", zone=LONDON
    )
    assert read.sent_at.utcoffset() == timedelta(hours=8)
    assert read.sent_at == datetime(2025, 11, 7, 21, 30, 5, tzinfo=timezone(timedelta(hours=8)))


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"  \r\n\r\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not an email"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "not an email"),
        (b"name,email\nAda,ada@example.org\n", "not an email"),
    ],
)
def test_bad_input_is_refused_in_one_sentence(data, says):
    with pytest.raises(EmailUnreadable) as refused:
        read_email(data, zone=LONDON)
    message = str(refused.value)
    assert says in message and "\n" not in message and message.endswith(".")


def test_an_email_larger_than_the_limit_is_refused_before_it_is_parsed():
    with pytest.raises(EmailUnreadable, match="larger than"):
        read_email(b"From: a@example.org\r\n\r\n" + b"x" * MAX_EMAIL_BYTES, zone=LONDON)


def test_a_pasted_empty_text_is_refused():
    with pytest.raises(EmailUnreadable, match="empty"):
        read_pasted_email(" \n\t ", zone=LONDON)


def test_an_email_forwarded_as_an_attachment_is_read_as_the_attached_one():
    from email.message import EmailMessage

    original = EmailMessage()
    original["From"] = "Ada Lovelace <Ada@Example.org>"
    original["Date"] = "Sun, 09 Nov 2025 20:14:00 +0000"
    original["Subject"] = "Opt out please"
    original.set_content("Please opt me out. K7M-Q2R7")
    forward = EmailMessage()
    forward["From"] = "Sam Coach <sam@fitwithsam.example>"
    forward["Date"] = "Mon, 10 Nov 2025 08:00:00 +0000"
    forward["Subject"] = "FW: Opt out please"
    forward.set_content("See attached.")
    forward.add_attachment(original)
    read = read_email(forward.as_bytes(), zone=LONDON)
    assert read.sender_address == "ada@example.org"  # addresses compare without case
    assert read.sent_at == datetime(2025, 11, 9, 20, 14, tzinfo=UTC)
    assert read.references == ("K7MQ2R7",)


def test_an_outlook_forward_below_its_line_of_underscores_is_the_clients_email():
    read = read_pasted_email(
        "From: Sam Coach <sam@fitwithsam.example>\nSubject: FW: Unsubscribe\n\n"
        "For the register.\n\n________________________________\n"
        "From: Tom Baker <tom.baker@gmail.com>\nSent: Wednesday, November 5, 2025 6:03 PM\n"
        "To: Sam Coach <sam@fitwithsam.example>\nSubject: Unsubscribe\n\n"
        "Unsubscribe me please. HX4-W9T7\n",
        zone=LONDON,
    )
    assert read.forwarded and read.sender_address == "tom.baker@gmail.com"
    assert read.sent_at == datetime(2025, 11, 5, 18, 3, tzinfo=LONDON)
    assert read.subject == "Unsubscribe" and read.references == ("HX4W9T7",)


def test_a_chinese_copy_with_chinese_header_names_gives_its_sender_and_time():
    read = read_pasted_email(
        "发件人: 王芳 <12345678@qq.com>\n发送时间: 2025年11月7日(星期五) 晚上9:30\n"
        "主题: 退订\n\n请帮我退订。\n",
        zone=ZoneInfo("Asia/Shanghai"),
    )
    assert read.sender_address == "12345678@qq.com" and read.sender_name == "王芳"
    assert read.sent_at == datetime(2025, 11, 7, 21, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert read.kind is RequestKind.OPT_OUT


def test_an_outlook_msg_file_is_refused_saying_what_to_do_instead():
    with pytest.raises(EmailUnreadable, match="paste its text"):
        read_email(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), zone=LONDON)


@given(st.binary(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_any_bytes_are_read_or_refused_in_words(data):
    try:
        read = read_email(data, zone=LONDON)
    except EmailUnreadable:
        return
    assert isinstance(read.body, str) and all(len(code) == 7 for code in read.references)


@given(st.text(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_any_pasted_text_is_read_or_refused_in_words(text):
    try:
        read = read_pasted_email(text, zone=LONDON)
    except EmailUnreadable:
        return
    assert read.sent_at is None or read.sent_at.tzinfo is not None
