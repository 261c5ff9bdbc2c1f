"""Ids that arrive as query parameters or form fields. ``str.isdigit()`` accepts "²" and
"٣", and ``int()`` any length: an id that PostgreSQL cannot compare answers 500. An object's
id is ASCII digits, at most 18 of them (a bigint)."""

import re
from collections.abc import Iterable

_ID_RE = re.compile(r"[0-9]{1,18}")


def object_id(value: object) -> int | None:
    """``value`` (a string from a request) as an object's id, or None when it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value < 10**18 else None
    if not isinstance(value, str):
        return None
    value = value.strip()
    return int(value) if _ID_RE.fullmatch(value) else None


def object_ids(values: Iterable[object]) -> list[int]:
    """The ids among ``values``; anything that is not one is left out."""
    return [number for number in map(object_id, values) if number is not None]
