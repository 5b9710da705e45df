"""Domain exceptions: a code for machines, a translatable message for people."""

from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    CONFLICT = "conflict"


class DomainError(Exception):
    def __init__(self, code: ErrorCode | str, message: str, **params) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return str(self.message)


class OutOfScope(DomainError):
    """Raised for records outside the actor's areas; shown as 404 so existence does not leak."""

    def __init__(self) -> None:
        super().__init__(ErrorCode.NOT_FOUND, "Not found.")
