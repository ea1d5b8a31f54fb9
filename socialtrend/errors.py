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
