"""Regular expressions and validators for the PII types the offline guardrail detects.

Each detector finds candidates with one compiled regex (the value in group "v" when the pattern
also matches context such as "cvv" or "routing number"), then a validator rejects look-alikes:
Luhn for card numbers, ABA check digits for routing numbers, mod-97 for IBANs. Detectors are listed
in priority order: a span taken by an earlier detector is not reported again by a later one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from local_bedrock.guardrail.checksums import aba_routing_valid, iban_valid, luhn_valid

Validator = Callable[[str], bool]

_SEP = r"[ \t]*(?:(?:is|was)[ \t]*[:=]?|[:=#-])?[ \t]*"  # "cvv is 123", "cvv: 123", "cvv 123"

# Suffixes that rarely name anything but a street, and those that also end product names
# ("USB Flash Drive", "Tennis Court"): the latter count only with a unit or city/state/ZIP after them.
_STREET_SUFFIXES = r"Street|Avenue|Road|Boulevard|Lane|Parkway|Highway|St|Ave|Rd|Blvd|Ln|Pkwy|Hwy"
_AMBIGUOUS_SUFFIXES = (
    r"Drive|Court|Way|Place|Terrace|Circle|Square|Trail|Plaza|Alley|Row|Dr|Ct|Pl|Ter|Cir|Sq|Trl"
)
_SUFFIXES = _STREET_SUFFIXES + "|" + _AMBIGUOUS_SUFFIXES
_UNIT_REQUIRED = r"(?:,?[ \t]+(?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|\#)\.?[ \t]*\#?[\w-]+)"
_CITY_STATE_ZIP_REQUIRED = r"(?:,[ \t]*[A-Za-z][A-Za-z .'-]*,[ \t]*[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?)"
_UNIT = _UNIT_REQUIRED + "?"
_CITY_STATE_ZIP = _CITY_STATE_ZIP_REQUIRED + "?"
_STREET_START = (
    r"\b(?P<v>\d{1,6}[A-Z]?[ \t]+(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?[ \t]+)?"
    r"(?:[A-Z][a-zA-Z'-]*|\d+(?:st|nd|rd|th))(?:[ \t]+[A-Z][a-zA-Z'-]*){0,3}[ \t]+"
)
# What every _STREET_START holds: a number's last digit, the space after it, and the capital (of a
# direction or a name) or the digit (of "5th") that follows.
_STREET_SCREEN = re.compile(r"\d[A-Z]?[ \t]+(?:[A-Z]|\d)")
# The abbreviations also read as titles ("4 Pack Dr. Bronner's", "St. Louis"): no capitalized word after.
_SUFFIX_END = r"(?:\b(?!\.?[ \t]+[A-Z][a-z]))\.?"


@dataclass(frozen=True, slots=True)
class Detector:
    type: str
    pattern: re.Pattern[str]
    validate: Validator | None = None
    needs_card: bool = False  # only meaningful next to a card number (bare "12/27" expiry)
    # On a failed validation, retry without trailing separator-delimited groups: "4111 1111 1111
    # 1111 12/27" first matches 18 digits, of which the first 16 are the card.
    trim_groups: bool = False
    # A pattern every match of ``pattern`` holds a match of (a run of its own, without lookarounds):
    # a text it is not found in is not scanned. It opens with a digit, a capital or "+", which the
    # regex engine skips to, where ``pattern``'s opening lookbehind is tried at every position.
    # Tested: tests/local_bedrock/test_guardrail_pii_screens.py.
    screen: re.Pattern[str] | None = None


def _card_number(value: str) -> bool:
    digits = re.sub(r"[ -]", "", value)
    separators = set(re.findall(r"[ -]", value))
    return 13 <= len(digits) <= 19 and digits[0] in "23456" and len(separators) <= 1 and luhn_valid(digits)


def _secret_key(value: str) -> bool:
    return (
        any(c.isupper() for c in value)
        and any(c.islower() for c in value)
        and any(c.isdigit() for c in value)
    )


def _password(value: str) -> bool:
    # "my password is hunter2" yes; "my password is not working" no: a password-like token has a
    # digit, a symbol or inner capitals. Quoted values are taken as they are (see the pattern).
    return any(c.isdigit() for c in value) or not value.isalnum() or any(c.isupper() for c in value[1:])


_PASSWORD_WORD = r"(?:password|passcode|passwd|pwd|passphrase|pass[ \t]+phrase)"  # noqa: S105 (the words that name a password, not one)
_COUNT_WITH_UNIT = re.compile(r"\d+-[a-z]+", re.IGNORECASE)  # "8-character", "6-digit", "2-step"


def _password_without_verb(value: str) -> bool:
    # A value named by no verb is a password only when it mixes letters and digits and is not a
    # count with its unit ("a password 8-character minimum").
    return (
        any(c.isdigit() for c in value)
        and any(c.isalpha() for c in value)
        and not _COUNT_WITH_UNIT.fullmatch(value)
    )


def _ssn(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return len(digits) == 9 and digits[:3] not in {"000", "666"} and digits[0] != "9" and digits[3:5] != "00"


def _c(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(pattern, flags)


DETECTORS: tuple[Detector, ...] = (
    Detector(
        "AWS_ACCESS_KEY",
        _c(
            r"(?<![A-Za-z0-9])(?P<v>(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|"
            r"ANVA|APKA|AROA)[A-Z0-9]{16})(?![A-Za-z0-9])"
        ),
    ),
    Detector(
        "AWS_SECRET_KEY", _c(r"(?<![A-Za-z0-9/+=])(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])"), _secret_key
    ),
    Detector(
        "EMAIL",
        _c(r"(?<![\w.+-])(?P<v>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})(?![\w-])"),
    ),
    Detector(
        "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
        _c(
            r"(?<![A-Za-z0-9])(?P<v>[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: "
            r"[A-Z0-9]{1,4})?))(?![A-Za-z0-9])"
        ),
        iban_valid,
        trim_groups=True,
    ),
    Detector(
        "CREDIT_DEBIT_CARD_NUMBER",
        _c(r"(?<![\d-])(?P<v>\d(?:[ -]?\d){12,18})(?![\d-])"),
        _card_number,
        trim_groups=True,
        screen=_c(r"\d(?:[ -]?\d){12}"),
    ),
    Detector(
        "CREDIT_DEBIT_CARD_CVV",
        _c(
            r"\b(?:cvv2?|cvc2?|cid|csc|security[ \t]+code|card[ \t]+verification[ \t]+(?:code|value|number))"
            # the card it is on, said between (round 24): "the cvv on the back of my visa is 737"
            + r"(?:[ \t]+(?:on|of|for|from)[ \t]+(?:the[ \t]+back[ \t]+of[ \t]+)?(?:my|the|our|this)[ \t]+"
            + r"(?:[a-z]+[ \t]+)?(?:card|visa|mastercard|amex|discover))?"
            + _SEP
            + r"(?P<v>\d{3,4})\b",
            re.IGNORECASE,
        ),
    ),
    Detector(
        "CREDIT_DEBIT_CARD_EXPIRY",
        _c(
            r"\b(?:exp(?:iry|iration|ires|iring)?|valid[ \t]+(?:thru|through|until)|good[ \t]+thru)\.?"
            r"(?:[ \t]+(?:date|on))?"
            + _SEP
            + r"(?P<v>(?:0?[1-9]|1[0-2])[ \t]?[/-][ \t]?(?:20\d{2}|\d{2}))(?![\d/])",
            re.IGNORECASE,
        ),
    ),
    Detector(
        "CREDIT_DEBIT_CARD_EXPIRY",
        _c(r"(?<![\d/.$])(?P<v>(?:0[1-9]|1[0-2])[ \t]?/[ \t]?(?:20\d{2}|\d{2}))(?![\d/])"),
        needs_card=True,
    ),
    Detector(
        "US_SOCIAL_SECURITY_NUMBER",
        _c(r"(?<![\d-])(?P<v>\d{3}([- ])\d{2}\2\d{4})(?![\d-])"),
        _ssn,
        screen=_c(r"\d{3}[- ]\d{2}[- ]\d{4}"),
    ),
    Detector(
        "US_SOCIAL_SECURITY_NUMBER",
        _c(
            r"\b(?:ssn|social[ \t]+security(?:[ \t]+(?:number|no\.?))?)" + _SEP + r"(?P<v>\d{9})\b",
            re.IGNORECASE,
        ),
        _ssn,
    ),
    Detector(
        "US_BANK_ROUTING_NUMBER",
        _c(
            r"\b(?:routing|aba|rtn|transit)(?:[ \t]+(?:number|no\.?|#))?" + _SEP + r"(?P<v>\d{9})\b",
            re.IGNORECASE,
        ),
        aba_routing_valid,
    ),
    Detector(
        "US_BANK_ACCOUNT_NUMBER",
        _c(
            r"\b(?:(?:bank|checking|savings)[ \t]+)?(?:account|acct)\.?(?:[ \t]+(?:number|no\.?|num|#))?"
            + _SEP
            + r"(?P<v>\d{6,17})\b",
            re.IGNORECASE,
        ),
    ),
    Detector(
        "PASSWORD",
        _c(
            r"\b" + _PASSWORD_WORD +
            # A few words may stand between the word and its verb: "the password I use is ...",
            # "my password, the current one is ..." (at most six, letters only, commas between).
            r"(?:(?:[ \t]*,)?[ \t]+[a-z]+){0,6}?[ \t]*,?"
            r"[ \t]*(?:(?:is|was)[ \t]*[:=]?|[:=])"
            r"[ \t]*(?:[\"'“‘](?P<q>[^\"'”’\n]{3,64})[\"'”’]|(?P<v>[^\s\"']{3,64}?))(?=[.,;!?]?(?:\s|$))",
            re.IGNORECASE,
        ),
        _password,
    ),
    Detector(
        "PASSWORD",
        # The value right after the word, with no verb: "password Tulip!Sky2049", "password's
        # Maple!2024", "gave password X". Without a verb the value must look like a password
        # (letters and digits, six characters or more), so "password reset" or "password-protected"
        # name no password. Bedrock detects PASSWORD with a model and documents no pattern: a guess.
        _c(
            r"\b" + _PASSWORD_WORD + r"(?:'s|’s)?[ \t]+"
            r"(?P<v>[A-Za-z0-9][^\s\"']{5,63}?)(?=[.,;!?]?(?:\s|$))",
            re.IGNORECASE,
        ),
        _password_without_verb,
    ),
    Detector(
        "PIN",
        _c(
            r"\b(?:my[ \t]+)?pin(?:[ \t]+(?:code|number|no\.?))?" + _SEP + r"(?P<v>\d{4,8})\b",
            re.IGNORECASE,
        ),
    ),
    Detector(
        "PHONE",
        _c(
            r"(?<![\w+/$.-])(?P<v>(?:\+?1[ .-]?)?(?:\([2-9]\d{2}\)[ ]?|[2-9]\d{2}[ .-]?)[2-9]\d{2}[ .-]?\d{4}"
            r"|\+[2-9]\d{0,2}(?:[ .-]?\d{1,4})(?:[ .-]?\d{2,4}){2,4})(?![\w-])"
        ),
        screen=_c(r"[2-9]\d{2}[ .-]?\d{4}|\+[2-9]"),  # each branch's end, the second's start
    ),
    Detector(
        "ADDRESS",
        _c(_STREET_START + r"(?:" + _STREET_SUFFIXES + r")" + _SUFFIX_END + _UNIT + _CITY_STATE_ZIP + r")"),
        screen=_STREET_SCREEN,
    ),
    Detector(
        "ADDRESS",
        _c(
            _STREET_START
            + r"(?:"
            + _AMBIGUOUS_SUFFIXES
            + r")"
            + _SUFFIX_END
            + r"(?:"
            + _UNIT_REQUIRED
            + _CITY_STATE_ZIP
            + r"|"
            + _CITY_STATE_ZIP_REQUIRED
            + r"))"
        ),
        screen=_STREET_SCREEN,
    ),
    Detector(
        "ADDRESS",
        _c(
            r"\b(?:address(?:[ \t]+is)?|(?:ship|deliver|send|mail)(?:ped|ed)?[ "
            r"\t]+(?:it[ \t]+|them[ \t]+|this[ \t]+)?to"
            r"|live[ \t]+at|located[ \t]+at|moved[ \t]+to)[ \t]*:?[ \t]*"
            r"(?P<v>\d{1,6}[a-z]?[ \t]+(?:[a-z0-9][\w'.-]*[ \t]+){0,4}(?:" + _SUFFIXES + r")\b\.?"
            r"(?:,?[ \t]+(?:apt|apartment|suite|ste|unit|\#)\.?[ \t]*\#?[\w-]+)?"
            r"(?:,[ \t]*[a-z][a-z .'-]*,[ \t]*[a-z]{2}[ \t]+\d{5}(?:-\d{4})?)?)",
            re.IGNORECASE,
        ),
    ),
    Detector("ADDRESS", _c(r"\b(?P<v>P\.?[ \t]?O\.?[ \t]+Box[ \t]+\d{1,6})\b", re.IGNORECASE)),
)
