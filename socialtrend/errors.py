"""Domain errors raised by services; the API's exception handler maps them to 4xx.

Services never build HTTP responses: they raise one of these, naming the field
at fault when there is one, and the API layer turns it into the shared error
shape.
"""


class ApplicationError(Exception):
    status_code = 400
    default_message = "The request could not be processed."

    def __init__(self, message: str | None = None, *, field: str | None = None, errors: dict | None = None):
        self.message = message or self.default_message
        self.errors = errors or ({field: [self.message]} if field else {})
        super().__init__(self.message)


class NotFoundError(ApplicationError):
    status_code = 404
    default_message = "Not found."


class ConflictError(ApplicationError):
    status_code = 409
    default_message = "The object's current state does not allow this."


class ForbiddenError(ApplicationError):
    status_code = 403
    default_message = "You do not have permission to do this."


class QuotaExceededError(ApplicationError):
    """A per-user allowance is spent; `retry_after` seconds until it renews."""

    status_code = 429
    default_message = "Your quota is spent."

    def __init__(self, message: str | None = None, *, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class UpstreamError(ApplicationError):
    """A service we depend on failed: 502 bad answer, 503 unavailable, 504 timed out."""

    status_code = 502
    default_message = "An upstream service failed."

    def __init__(self, message: str | None = None, *, status_code: int = 502, retry_after: int | None = None):
        super().__init__(message)
        self.status_code = status_code
        self.retry_after = retry_after
