"""Typed errors whose message is shown to the clerk as it is (Vietnamese)."""

from __future__ import annotations


class CounterError(Exception):
    """Something the user did or asked that cannot be done; `message` is Vietnamese, for people."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(CounterError):
    """Bad input: names the field when there is one."""


class NotFoundError(CounterError):
    """A code, user or procedure that does not exist."""


class TransitionError(CounterError):
    """An action the dossier's current state does not allow."""


class PermissionDenied(CounterError):
    """The signed-in user's role does not allow the action."""


class StorageError(CounterError):
    """The disk is full, the database is read-only or locked: tell the user, it is not a bug."""


# What the system's own (English) error texts mean, said to the clerk in Vietnamese.
_OS_REASONS = {
    "ENOENT": "không có tệp hoặc thư mục này",
    "EACCES": "không có quyền truy cập",
    "EPERM": "không có quyền truy cập",
    "ENOSPC": "ổ đĩa đã đầy",
    "EISDIR": "đây là một thư mục, không phải tệp",
    "ENOTDIR": "đường dẫn có phần không phải thư mục",
    "EROFS": "ổ đĩa chỉ cho đọc",
    "EIO": "lỗi đọc/ghi của ổ đĩa",
    "EBUSY": "tệp đang được chương trình khác dùng",
    "ENAMETOOLONG": "tên tệp quá dài",
}


def os_reason(exc: OSError) -> str:
    """An OSError's cause in Vietnamese (the system's text, in English, only when unknown)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_REASONS.get(name) or exc.strerror or str(exc)
