"""PII detection: each type found with its checksum or context, look-alikes left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from local_bedrock.guardrail.checksums import aba_routing_valid, iban_valid, luhn_valid
from local_bedrock.guardrail.pii import anonymize, detect_pii

FOUND = [
    ("my card is 4111 1111 1111 1111", "CREDIT_DEBIT_CARD_NUMBER", "4111 1111 1111 1111"),
    ("card 5555-5555-5555-4444 please", "CREDIT_DEBIT_CARD_NUMBER", "5555-5555-5555-4444"),
    ("amex 378282246310005", "CREDIT_DEBIT_CARD_NUMBER", "378282246310005"),
    ("the cvv is 123", "CREDIT_DEBIT_CARD_CVV", "123"),
    ("security code: 4321", "CREDIT_DEBIT_CARD_CVV", "4321"),
    ("expiry 09/28", "CREDIT_DEBIT_CARD_EXPIRY", "09/28"),
    ("valid thru 1/2029", "CREDIT_DEBIT_CARD_EXPIRY", "1/2029"),
    ("routing number 021000021", "US_BANK_ROUTING_NUMBER", "021000021"),
    ("my checking account number is 000123456789", "US_BANK_ACCOUNT_NUMBER", "000123456789"),
    ("IBAN DE89 3704 0044 0532 0130 00", "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "DE89 3704 0044 0532 0130 00"),
    ("send to GB82WEST12345698765432", "INTERNATIONAL_BANK_ACCOUNT_NUMBER", "GB82WEST12345698765432"),
    ("write to jane.doe+shop@example.co.uk", "EMAIL", "jane.doe+shop@example.co.uk"),
    ("call me at (415) 555-0132", "PHONE", "(415) 555-0132"),
    ("my cell is +1 212-555-0199", "PHONE", "+1 212-555-0199"),
    ("or +44 20 7946 0958", "PHONE", "+44 20 7946 0958"),
    ("I live at 221 Baker Street", "ADDRESS", "221 Baker Street"),
    ("ship it to 12 main st, springfield, il 62704", "ADDRESS", "12 main st, springfield, il 62704"),
    ("deliver to 42 Maple Court, Austin, TX 78701", "ADDRESS", "42 Maple Court, Austin, TX 78701"),
    ("send them to 77 Sunset Blvd Apt 5", "ADDRESS", "77 Sunset Blvd Apt 5"),
    ("use PO Box 1234", "ADDRESS", "PO Box 1234"),
    ("key AKIAIOSFODNN7EXAMPLE", "AWS_ACCESS_KEY", "AKIAIOSFODNN7EXAMPLE"),
    (
        "secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_SECRET_KEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ),
    ("my password is hunter2!", "PASSWORD", "hunter2"),
    ('password: "correct horse"', "PASSWORD", "correct horse"),
    ("my pin is 4821", "PIN", "4821"),
    ("ssn 123-45-6789", "US_SOCIAL_SECURITY_NUMBER", "123-45-6789"),
    ("social security number 123456789", "US_SOCIAL_SECURITY_NUMBER", "123456789"),
]

NOT_PII = [
    "card 4111 1111 1111 1112",  # fails Luhn
    "order 1234567890123",  # 13 digits, fails Luhn or prefix
    "routing number 123456789",  # fails the ABA check
    "IBAN DE89 3704 0044 0532 0130 01",  # fails mod-97
    "my password is not working",
    "I forgot my password",
    "what's a strong password?",
    "my order total was $1,234.56 for 3 items",
    "order O-20240101-0001 and purchase P-1042",
    "ISBN 0306406152",
    "I need 2 external hard drives",
    "order 2 USB Flash Drive",
    "a 4 Pack Dr. Bronner soap",
    "3 tickets to St. Louis",
    "the security code on my card doesn't work",
    "SHA 0a4d55a8d778e5022fab701977c5d840bbc486d0",
    "I bought 12 items on 11/24 for $35",
    "never ask me for a card number, PIN or password",
]


@pytest.mark.parametrize(("text", "pii_type", "match"), FOUND)
def test_each_type_is_found_with_its_exact_value(text: str, pii_type: str, match: str) -> None:
    assert [(f.type, f.match) for f in detect_pii(text)] == [(pii_type, match)]


@pytest.mark.parametrize("text", NOT_PII)
def test_look_alikes_are_not_pii(text: str) -> None:
    assert detect_pii(text) == []


def test_card_with_expiry_and_cvv_in_one_message() -> None:
    text = "card 4111-1111-1111-1111 12/27 cvv 123"
    found = [(f.type, f.match) for f in detect_pii(text)]
    assert found == [
        ("CREDIT_DEBIT_CARD_NUMBER", "4111-1111-1111-1111"),
        ("CREDIT_DEBIT_CARD_EXPIRY", "12/27"),
        ("CREDIT_DEBIT_CARD_CVV", "123"),
    ]


def test_bare_date_is_an_expiry_only_next_to_a_card() -> None:
    assert detect_pii("delivered 12/27") == []


def test_anonymize_replaces_each_span_with_its_type_tag() -> None:
    text = "mail jane@example.com or call 415-555-0132 today"
    assert anonymize(text, detect_pii(text)) == "mail {EMAIL} or call {PHONE} today"


def test_checksums_on_known_values() -> None:
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert aba_routing_valid("021000021") and not aba_routing_valid("021000022")
    assert iban_valid("GB82 WEST 1234 5698 7654 32") and not iban_valid("GB82 WEST 1234 5698 7654 33")


def _with_luhn_digit(body: str) -> str:
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("unreachable: one check digit always fits")


@given(
    prefix=st.sampled_from(["4", "51", "55", "37", "6011"]),
    rest=st.text(alphabet="0123456789", min_size=11, max_size=11),
    sep=st.sampled_from(["", " ", "-"]),
)
def test_any_luhn_valid_card_in_groups_of_four_is_found(prefix: str, rest: str, sep: str) -> None:
    number = _with_luhn_digit((prefix + rest)[:15])
    grouped = sep.join(number[i : i + 4] for i in range(0, 16, 4))
    found = detect_pii(f"please charge {grouped} thanks")
    assert [(f.type, f.match) for f in found] == [("CREDIT_DEBIT_CARD_NUMBER", grouped)]


@given(st.text(alphabet="abcdefghij klmnop,.?!", max_size=80))
def test_plain_words_never_contain_pii(text: str) -> None:
    assert detect_pii(text) == []
