"""A concern as JSON-safe data and back, exactly, with the structure checked strictly.

The conversion follows the model's own type hints, so a field added to the model travels
without a change here. Dates are ISO dates, datetimes ISO with their UTC offset, tuples
lists. On the way in every key, type and choice is checked; a key the model gives no
default must be there, and a key with a default may be missing (a letter written before
that field existed), so the model can grow without stranding letters in the letterbox.

A refusal names the field, never what was in it: the reason may be logged.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from datetime import date, datetime
from typing import Any

from app.core.errors import LetterInvalid
from app.intake.concern.model import Concern
from app.intake.concern.reference import is_reference
from app.intake.concern.validate import CHOICES, pattern_of

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# The store keeps whole numbers in 64 bits.
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _class_hints(cls: type) -> dict[str, Any]:
    # mypy does not see type[DataclassInstance] as hashable for the cache; a plain `type` is.
    return _hints(cls)


def _optional(hint: Any) -> Any | None:
    """X for `X | None`, else None."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        rest = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return None


def _where(path: str) -> str:
    return path or "the concern"


# -- out --------------------------------------------------------------------------------
def to_dict(concern: Concern) -> dict[str, Any]:
    """The concern as plain JSON-safe data. TypeError names a field of the wrong type."""
    encoded = _encode(concern, Concern, "")
    assert isinstance(encoded, dict)
    return encoded


def _encode(value: Any, hint: Any, path: str) -> Any:
    inner = _optional(hint)
    if inner is not None:
        return None if value is None else _encode(value, inner, path)
    origin = typing.get_origin(hint)
    # Hints are classes, never instances: the isinstance only tells the checker so.
    if isinstance(hint, type) and is_dataclass(hint):
        if type(value) is not hint:
            raise TypeError(f"{_where(path)} is not a {hint.__name__}")
        hints = _class_hints(hint)
        return {
            f.name: _encode(getattr(value, f.name), hints[f.name], _join(path, f.name))
            for f in fields(hint)
        }
    if origin in (list, tuple):
        if not isinstance(value, origin):
            raise TypeError(f"{path} is not a {origin.__name__}")
        (item,) = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return [_encode(v, item, f"{path}.{i}") for i, v in enumerate(value)]
    if hint is datetime:
        if not isinstance(value, datetime) or value.utcoffset() is None:
            raise TypeError(f"{path} is not a date and time with its time zone")
        return value.isoformat()
    if hint is date:
        if type(value) is not date:
            raise TypeError(f"{path} is not a date")
        return value.isoformat()
    if hint in (str, int, bool):
        if type(value) is not hint:
            raise TypeError(f"{path} is not {_KIND_WORDS[hint]}")
        return value
    raise TypeError(f"{path} has a type the letter format does not know")


_KIND_WORDS: dict[Any, str] = {str: "text", int: "a whole number", bool: "yes or no"}


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


# -- in ---------------------------------------------------------------------------------
def from_dict(data: Any) -> Concern:
    """The concern in `data`, or LetterInvalid naming the first field that is wrong."""
    concern = _decode(data, Concern, "")
    assert isinstance(concern, Concern)
    # The id is logged and shown: only a well-formed reference may be one.
    if not is_reference(concern.id):
        raise _bad("id", "is not a concern reference")
    return concern


def _bad(path: str, what: str) -> LetterInvalid:
    return LetterInvalid(f"{_where(path)} {what}")


def _decode(value: Any, hint: Any, path: str) -> Any:
    inner = _optional(hint)
    if inner is not None:
        return None if value is None else _decode(value, inner, path)
    origin = typing.get_origin(hint)
    if is_dataclass(hint) and isinstance(hint, type):
        return _decode_dataclass(value, hint, path)
    if origin in (list, tuple):
        if not isinstance(value, list):
            raise _bad(path, "is not a list")
        (item,) = [a for a in typing.get_args(hint) if a is not Ellipsis]
        return origin(_decode(v, item, f"{path}.{i}") for i, v in enumerate(value))
    if hint is datetime:
        found = _parse(value, datetime.fromisoformat, path, "a date and time")
        if found.utcoffset() is None:
            raise _bad(path, "has no time zone")
        return found
    if hint is date:
        if not isinstance(value, str) or not _ISO_DATE.match(value):
            raise _bad(path, "is not a date")
        return _parse(value, date.fromisoformat, path, "a date")
    if hint is str:
        if not isinstance(value, str):
            raise _bad(path, "is not text")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _bad(path, "has broken characters") from None
        choices = CHOICES.get(pattern_of(path))
        # computed_tier is the screening rule's business and may grow: checked by
        # validate.problems, not refused here.
        if choices is not None and path != "computed_tier" and value not in choices:
            raise _bad(path, "is not one of its choices")
        return value
    if hint in (int, bool):
        # type() rather than isinstance(): JSON true is not the number 1, nor 1 true.
        if type(value) is not hint:
            raise _bad(path, f"is not {_KIND_WORDS[hint]}")
        if hint is int and not _INT_MIN <= value <= _INT_MAX:
            raise _bad(path, "is too large a number to keep")
        return value
    raise _bad(path, "has a type the letter format does not know")


def _parse(value: Any, parse: Any, path: str, what: str) -> Any:
    if not isinstance(value, str):
        raise _bad(path, f"is not {what}")
    try:
        return parse(value)
    except ValueError:
        raise _bad(path, f"is not {what}") from None


def _decode_dataclass(value: Any, cls: type, path: str) -> Any:
    if not isinstance(value, dict):
        raise _bad(path, "is not a group of fields")
    known = {f.name: f for f in fields(cls)}
    # The unknown key itself is never named: it is the letter's content, not ours.
    if any(key not in known for key in value):
        raise _bad(path, "has a field this version does not know")
    kwargs: dict[str, Any] = {}
    for name, f in known.items():
        where = _join(path, name)
        if name not in value:
            if f.default is MISSING and f.default_factory is MISSING:
                raise _bad(where, "is missing")
            continue
        kwargs[name] = _decode(value[name], _hints(cls)[name], where)
    return cls(**kwargs)
