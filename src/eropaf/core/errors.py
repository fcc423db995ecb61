"""Errors that services and selectors raise; views translate them into responses."""


class ApplicationError(Exception):
    """A rule of the domain was broken; ``message`` is Dutch and safe to show to the user."""

    def __init__(self, message: str, *, extra: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class NotPermitted(ApplicationError):
    """The user may not see or change this object. Views answer 404 so ids do not leak."""


class InvalidTransition(ApplicationError):
    """A case (or other workflow object) cannot move from its state by this action."""
