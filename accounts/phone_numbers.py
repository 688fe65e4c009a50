"""UK phone numbers as people type them, stored in one form: 02079460123.

A desk phone is as good as a mobile for "who do I ring on my first day", so
landlines count there; only the numbers a council would never give a colleague
(premium rate 09, personal 070, unused 04 and 06) are refused.

A person's own number (User.phone_number) is where their text messages go, so
it must be a mobile: `normalise_uk_mobile`.
"""

import re

from django import forms

UK_PHONE_ERROR = "Enter a UK phone number, like 020 7946 0123 or 07700 900 982"
UK_PHONE_MAX = 30  # what a person may type, spaces and +44 included
UK_MOBILE_ERROR = "Enter a UK mobile number, like 07700 900 982"

_UK_PHONE = re.compile(
    r"0[12]\d{8,9}"  # geographic: 020 7946 0123, 0161 496 0123, 016977 1234
    r"|03\d{9}"  # non-geographic at local rates: 0300 123 4567
    r"|07[1-9]\d{8}"  # mobiles (070 is a personal number, not a phone)
    r"|080\d{7,8}"  # freephone: 0800 123 456, 0808 157 0192
)


def uk_digits(value: str) -> str:
    """The number as dialled from inside the UK: spaces, dashes, brackets and dots
    dropped, and a +44 / 0044 / 44 prefix (with or without the (0)) made 0."""
    number = re.sub(r"[\s\-().]", "", value)
    for prefix in ("+44", "0044", "44"):
        if number.startswith(prefix):
            number = number[len(prefix) :]
            return number if number.startswith("0") else "0" + number
    return number


def normalise_uk_mobile(value: str) -> str:
    """A UK mobile number as 07xxxxxxxxx, from the ways people write one, or ValidationError.

    Accepts spaces, dashes, brackets and the +44 / 0044 / 44 prefixes, with
    or without the (0): "+44 (0)7700 900982" -> "07700900982".
    """
    number = uk_digits(value)
    if not re.fullmatch(r"07\d{9}", number):
        raise forms.ValidationError(UK_MOBILE_ERROR, code="invalid_mobile")
    return number


def normalise_uk_phone(value: str) -> str:
    """A UK landline or mobile number as digits from 0, or ValidationError."""
    number = uk_digits(value)
    if not _UK_PHONE.fullmatch(number):
        raise forms.ValidationError(UK_PHONE_ERROR, code="invalid_phone")
    return number


def spaced(number: str) -> str:
    """How a stored number reads: 020 7946 0123, 0161 496 0123, 0300 123 4567, 07700 900982."""
    if len(number) == 11 and number.startswith("02"):
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    city = number.startswith("01") and "1" in number[2:4]  # 0161, 0113: city codes
    if len(number) == 11 and (city or number.startswith(("03", "08"))):
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    if len(number) == 10 and number.startswith("08"):
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    if len(number) in (10, 11):
        return f"{number[:5]} {number[5:]}"
    return number
