"""Domain errors raised below the HTTP layer; ``app.py`` maps each to a status code in one table."""

from __future__ import annotations


class DraftgateError(Exception):
    """Base of every error the API reports with a stable ``code`` and a human message."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotAuthenticated(DraftgateError):
    code = "not_authenticated"


class Forbidden(DraftgateError):
    code = "forbidden"


class NotFound(DraftgateError):
    code = "not_found"


class Conflict(DraftgateError):
    code = "conflict"


class PreconditionRequired(DraftgateError):
    code = "if_match_required"


class PreconditionFailed(DraftgateError):
    code = "stale_etag"


class InvalidRequest(DraftgateError):
    code = "invalid_request"
