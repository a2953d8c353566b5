"""Known, user-facing errors: each one a sentence that says what is wrong."""


class DomainError(Exception):
    """A problem with input or circumstances, not a bug. str() is a one-line sentence."""


class ValidationError(DomainError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class ReferenceCodeError(ValidationError):
    def __init__(self, message: str) -> None:
        super().__init__("reference", message)
