"""What a valid event holds: the kinds of payload field, the sane window of dates, and the
payloads of reference data.

An event is checked by the server before it is shared (a batch with one bad event is refused
whole) and by every counter's fold, which keeps an event it cannot apply (a type from a newer
release, a payload stored before the server checked) without applying it. The payload each
dossier event needs is declared beside its type (counter/domain/dossier.py `PAYLOADS`); the
whole check of an event on the wire is `counter.db.wire.check`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from counter.domain.calendar import OverrideKind, TimeUnit

# Events whose type starts with this carry reference data (catalogue, calendar, office, users),
# keyed by `dossier_id`; they are stored and synced like dossier events but never folded.
REFERENCE_PREFIX = "ref."

# The sane window of every date and moment an event carries: no office used this software
# before 2000, and a year past 2100 is a typing or clock error (a birth date may be older).
FIRST_YEAR = 2000
LAST_YEAR = 2100
FIRST_BIRTH_YEAR = 1900
MAX_TEXT = 10_000  # characters in one text field of a payload
MAX_ITEMS = 1_000  # items in one list of a payload
MAX_INT = 10**15  # beyond any fee or count, well inside SQLite's and JSON's exact integers


class Invalid(ValueError):
    """An event that does not follow the protocol: `field` names where (`payload.amount`),
    `reason` says what is wrong, in Vietnamese."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason

    def within(self, outer: str) -> Invalid:
        """The same problem, named from the enclosing field (`payload` + `.amount`)."""
        if not self.field:
            return Invalid(outer, self.reason)
        joiner = "" if self.field.startswith("[") else "."
        return Invalid(f"{outer}{joiner}{self.field}", self.reason)


# A check takes a value and raises Invalid (its field "" for the value itself, or the path
# inside it): names are built only when something is wrong, as the fold checks every event.
Check = Callable[[Any], None]


def text(value: Any) -> None:
    if not isinstance(value, str):
        raise Invalid("", "phải là chuỗi ký tự")
    if len(value) > MAX_TEXT:
        raise Invalid("", f"dài quá {MAX_TEXT} ký tự")


def integer(value: Any) -> None:
    # bool is an int in Python but `true` is not a number on the wire.
    if not isinstance(value, int) or isinstance(value, bool):
        raise Invalid("", "phải là số nguyên")
    if abs(value) > MAX_INT:
        raise Invalid("", "quá lớn")


def number(value: Any) -> None:
    """A share of time (the internal process): an integer or a decimal, not negative."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid("", "phải là một số")
    if not 0 <= value <= MAX_INT or value != value:
        raise Invalid("", "phải là số không âm")


def boolean(value: Any) -> None:
    if not isinstance(value, bool):
        raise Invalid("", "phải là true hoặc false")


_SHA256 = re.compile(r"[0-9a-f]{64}")


def sha256_hex(value: Any) -> None:
    """A stored file's name: its SHA-256 as 64 lower-case hex digits."""
    if not isinstance(value, str) or not _SHA256.fullmatch(value):
        raise Invalid("", "phải là mã SHA-256 (64 chữ số hex)")


def parse_moment(value: Any) -> datetime:
    """A moment as events store it ("YYYY-MM-DD HH:MM[:SS]", local time, no offset), within
    the sane window."""
    if not isinstance(value, str) or len(value) > 32:
        raise Invalid("", "phải là thời điểm dạng YYYY-MM-DD HH:MM")
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        raise Invalid("", "phải là thời điểm dạng YYYY-MM-DD HH:MM") from None
    if found.tzinfo is not None:
        # Every moment is the office's local time; an offset would not compare with them.
        raise Invalid("", "không được kèm múi giờ (giờ địa phương của cơ quan)")
    if not FIRST_YEAR <= found.year <= LAST_YEAR:
        raise Invalid("", f"phải trong khoảng năm {FIRST_YEAR}–{LAST_YEAR}")
    return found


def moment(value: Any) -> None:
    parse_moment(value)


def _date(value: Any, first: int) -> None:
    if not isinstance(value, str) or len(value) != 10:
        raise Invalid("", "phải là ngày dạng YYYY-MM-DD")
    try:
        found = date.fromisoformat(value)
    except ValueError:
        raise Invalid("", "phải là ngày dạng YYYY-MM-DD") from None
    if not first <= found.year <= LAST_YEAR:
        raise Invalid("", f"phải trong khoảng năm {first}–{LAST_YEAR}")


def day(value: Any) -> None:
    _date(value, FIRST_YEAR)


def birth_date(value: Any) -> None:
    _date(value, FIRST_BIRTH_YEAR)


def one_of(*allowed: str) -> Check:
    def check(value: Any) -> None:
        if value not in allowed:
            raise Invalid("", "phải là một trong: " + ", ".join(allowed))

    _PASSES[check] = allowed.__contains__
    _SHAPES[check] = ("one_of", allowed)
    return check


def either(*checks: Check) -> Check:
    """The value passes one of the checks (a supplement paper: a name alone, or an object)."""

    def check(value: Any) -> None:
        last: Invalid | None = None
        for candidate in checks:
            try:
                candidate(value)
                return
            except Invalid as exc:
                last = exc  # the last alternative is the fullest (an object, not a name)
        assert last is not None
        raise last

    alternatives = tuple(map(passes, checks))

    def ok(value: Any) -> bool:
        return any(alternative(value) for alternative in alternatives)

    _PASSES[check] = ok
    return check


def items(each: Check) -> Check:
    def check(value: Any) -> None:
        if not isinstance(value, list):
            raise Invalid("", "phải là danh sách")
        if len(value) > MAX_ITEMS:
            raise Invalid("", f"có quá {MAX_ITEMS} mục")
        for index, item in enumerate(value):
            try:
                each(item)
            except Invalid as exc:
                raise exc.within(f"[{index}]") from None

    each_ok = passes(each)

    def ok(value: Any) -> bool:
        return (
            isinstance(value, list)
            and len(value) <= MAX_ITEMS
            and all(each_ok(item) for item in value)
        )

    _PASSES[check] = ok
    _SHAPES[check] = ("items", each)
    return check


def row(*columns: Check) -> Check:
    """A list of exactly these values (a catalogue document: name, originals, copies, mandatory)."""

    def check(value: Any) -> None:
        if not isinstance(value, list) or len(value) != len(columns):
            raise Invalid("", f"phải là danh sách {len(columns)} giá trị")
        for index, (item, column) in enumerate(zip(value, columns, strict=True)):
            try:
                column(item)
            except Invalid as exc:
                raise exc.within(f"[{index}]") from None

    columns_ok = tuple(map(passes, columns))

    def ok(value: Any) -> bool:
        return (
            isinstance(value, list)
            and len(value) == len(columns_ok)
            and all(column(item) for column, item in zip(columns_ok, value, strict=True))
        )

    _PASSES[check] = ok
    _SHAPES[check] = ("row", columns)
    return check


class Schema:
    """The fields an object must and may have, each with its check; an optional field may be
    null. Other fields pass `others` when given, else they are allowed (a newer release may
    add some) and not checked."""

    def __init__(
        self,
        required: Mapping[str, Check],
        optional: Mapping[str, Check] | None = None,
        others: Check | None = None,
    ) -> None:
        self.required = tuple(required.items())
        self.optional = dict(optional or {})
        self.others = others
        if others is not None:
            self.optional.update(required)  # checked once, not again as one of the others
        self._passes: Callable[[Any], bool] | None = None

    def passes(self, value: Any) -> bool:
        """Whether `value` passes, without naming what is wrong: the same answer as calling
        the schema, from a function compiled for it on first use (see `_compiled`)."""
        if self._passes is None:
            self._passes = _compiled(self)
        return self._passes(value)

    def __call__(self, value: Any) -> None:
        if self.passes(value):
            return
        # Something is wrong: the checks again, one by one, to name it.
        if not isinstance(value, dict):
            raise Invalid("", "phải là một đối tượng")
        key = ""
        try:
            for key, check in self.required:
                found = value.get(key)
                if found is None:
                    raise Invalid("", "bị thiếu")
                check(found)
            # Over the fields present: a payload holds a few of the optional ones.
            optional, others = self.optional, self.others
            for key, found in value.items():
                if found is not None:
                    other = optional.get(key, others)
                    if other is not None:
                        other(found)
        except Invalid as exc:
            raise exc.within(str(key)) from None

    def check(self, value: Any, where: str) -> None:
        """Check `value`, naming a problem from `where` (`payload`)."""
        try:
            self(value)
        except Invalid as exc:
            raise exc.within(where) from None


# --- the fast path -----------------------------------------------------------------------------
# Every event is checked where it is applied (10,000 a sync page of a new counter), and nearly
# all of them pass. So each check has a twin predicate that only says whether a value passes:
# no exception (a failed alternative of `either` made a cycle of exception, traceback and frame
# that the garbage collector then had to walk), no name built. A schema's predicate is compiled
# into one function with the simple checks written inline. The predicate never passes what its
# check refuses: when it says no, or cannot be sure, the check itself runs and names the field.

_PASSES: dict[Any, Callable[[Any], bool]] = {}
# What `one_of`, `items` and `row` checks are made of, for the compiled schemas.
_SHAPES: dict[Any, tuple[str, Any]] = {}

# The simple checks as expressions over `{x}`, for the compiled schemas.
_INLINE: dict[Any, str] = {
    text: "(isinstance({x}, str) and len({x}) <= MAX_TEXT)",
    integer: "(isinstance({x}, int) and not isinstance({x}, bool) and -MAX_INT <= {x} <= MAX_INT)",
    number: "(isinstance({x}, (int, float)) and not isinstance({x}, bool) and 0 <= {x} <= MAX_INT)",
    boolean: "isinstance({x}, bool)",
    sha256_hex: "(isinstance({x}, str) and _SHA256.fullmatch({x}) is not None)",
    moment: "_moment_ok({x})",
    day: "_day_ok({x})",
    birth_date: "_birth_ok({x})",
}


def _moment_ok(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 32:
        return False
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return False
    return found.tzinfo is None and FIRST_YEAR <= found.year <= LAST_YEAR


def _date_ok(value: Any, first: int) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        found = date.fromisoformat(value)
    except ValueError:
        return False
    return first <= found.year <= LAST_YEAR


def _day_ok(value: Any) -> bool:
    return _date_ok(value, FIRST_YEAR)


def _birth_ok(value: Any) -> bool:
    return _date_ok(value, FIRST_BIRTH_YEAR)


_NAMESPACE: dict[str, Any] = {
    "MAX_TEXT": MAX_TEXT,
    "MAX_ITEMS": MAX_ITEMS,
    "MAX_INT": MAX_INT,
    "_SHA256": _SHA256,
    "_moment_ok": _moment_ok,
    "_day_ok": _day_ok,
    "_birth_ok": _birth_ok,
}


def passes(check: Check) -> Callable[[Any], bool]:
    """The predicate twin of a check (see above)."""
    if isinstance(check, Schema):
        return check.passes
    found = _PASSES.get(check)
    if found is None:
        if check in _INLINE:
            found = _function("x", "    return " + _INLINE[check].format(x="x") + "\n", {})
        else:  # a check from elsewhere: run it

            def found(value: Any) -> bool:
                try:
                    check(value)
                except Invalid:
                    return False
                return True

        _PASSES[check] = found
    return found


def _function(arg: str, body: str, names: dict[str, Any]) -> Callable[[Any], bool]:
    namespace = {**_NAMESPACE, **names}
    exec(f"def passes({arg}):\n" + body, namespace)  # the code is built here, from schemas
    function: Callable[[Any], bool] = namespace["passes"]
    return function


def _compiled(schema: Schema) -> Callable[[Any], bool]:
    """One function for the schema, nested schemas, lists and rows written out in it: each
    field read once, the simple checks inline."""
    names: dict[str, Any] = {}
    lines: list[str] = []
    _emit(schema, "value", 1, lines, names)
    lines.append("    return True")
    return _function("value", "\n".join(lines) + "\n", names)


def _emit(check: Check, var: str, depth: int, lines: list[str], names: dict[str, Any]) -> None:
    """Lines that return False unless `var` passes `check` (`names`: what they refer to)."""
    pad = "    " * depth
    fresh = f"x{len(lines)}"  # a variable of this check's own (lines only grow)
    shape = _SHAPES.get(check)
    if check in _INLINE:
        lines += [f"{pad}if not {_INLINE[check].format(x=var)}:", f"{pad}    return False"]
    elif isinstance(check, Schema):
        lines += [f"{pad}if not isinstance({var}, dict):", f"{pad}    return False"]
        required = {key for key, _ in check.required}
        for key, inner in check.required:
            item = f"x{len(lines)}"
            lines += [f"{pad}{item} = {var}.get({key!r})", f"{pad}if {item} is None:"]
            lines.append(f"{pad}    return False")
            _emit(inner, item, depth, lines, names)
        for key, inner in check.optional.items():
            if key in required:
                continue  # checked above
            item = f"x{len(lines)}"
            lines += [f"{pad}{item} = {var}.get({key!r})", f"{pad}if {item} is not None:"]
            _emit(inner, item, depth + 1, lines, names)
        if check.others is not None:
            known, others = f"_k{len(names)}", f"_o{len(names)}"
            names[known] = frozenset(check.optional) | required
            names[others] = passes(check.others)
            lines += [
                f"{pad}for key, {fresh} in {var}.items():",
                f"{pad}    if {fresh} is not None and key not in {known} and not {others}({fresh}):",
                f"{pad}        return False",
            ]
    elif shape is not None and shape[0] == "one_of":
        name = f"_c{len(names)}"
        names[name] = shape[1]
        lines += [f"{pad}if {var} not in {name}:", f"{pad}    return False"]
    elif shape is not None and shape[0] == "items":
        lines += [
            f"{pad}if not isinstance({var}, list) or len({var}) > MAX_ITEMS:",
            f"{pad}    return False",
            f"{pad}for {fresh} in {var}:",
        ]
        _emit(shape[1], fresh, depth + 1, lines, names)
    elif shape is not None and shape[0] == "row":
        columns = shape[1]
        lines += [
            f"{pad}if not isinstance({var}, list) or len({var}) != {len(columns)}:",
            f"{pad}    return False",
        ]
        for index, column in enumerate(columns):
            item = f"x{len(lines)}"
            lines.append(f"{pad}{item} = {var}[{index}]")
            _emit(column, item, depth, lines, names)
    else:  # `either`, or a check from elsewhere: its predicate called
        name = f"_p{len(names)}"
        names[name] = passes(check)
        lines += [f"{pad}if not {name}({var}):", f"{pad}    return False"]


# --- reference data: the item each `ref.<kind>` event carries, keyed `ref:<kind>:<key>` -------

REFERENCE_PAYLOADS: dict[str, tuple[Schema, Callable[[dict[str, Any]], str]]] = {
    "ref.office": (
        # The office's settings are texts, but for the size of a counter's slice.
        Schema({"identifier": text}, {"sequence_slice": integer}, others=text),
        lambda _payload: "ref:office",
    ),
    "ref.procedure": (
        Schema(
            {
                "code": text,
                "name": text,
                "field": text,
                "time_amount": integer,
                "time_unit": one_of(*TimeUnit),
                "fee": integer,
                "fee_note": text,
                "resolving_unit": text,
                "result_name": text,
                "active": boolean,
            },
            # fee_rule: optional, items written before fee rules have none.
            {
                "documents": items(row(text, integer, integer, boolean)),
                "fee_rule": text,
                "steps": items(row(text, text, number)),
            },
        ),
        lambda payload: f"ref:procedure:{payload['code']}",
    ),
    "ref.day": (
        Schema({"day": day}, {"kind": one_of(*OverrideKind), "note": text, "deleted": boolean}),
        lambda payload: f"ref:day:{payload['day']}",
    ),
    "ref.user": (
        Schema(
            {
                "username": text,
                "full_name": text,
                "title": text,
                "role": text,
                "password_hash": text,
                "active": boolean,
            }
        ),
        lambda payload: f"ref:user:{payload['username']}",
    ),
}


def check_reference(kind: str, key: str, payload: Any) -> None:
    """A reference event's payload: known kind, its fields, and the key it is filed under."""
    found = REFERENCE_PAYLOADS.get(kind)
    if found is None:
        raise Invalid("type", f"loại dữ liệu danh mục «{kind}» không được phần mềm này hỗ trợ")
    schema, key_of = found
    schema.check(payload, "payload")
    if kind == "ref.day" and not payload.get("deleted") and payload.get("kind") is None:
        raise Invalid("payload.kind", "bị thiếu")
    if key != key_of(payload):
        raise Invalid("dossier_id", f"phải là «{key_of(payload)}» cho dữ liệu này")
