"""Errors the core raises: each carries a catalogue key, so every message
reaches the user in their language (see :mod:`coprog.texts.i18n`)."""

from __future__ import annotations


class CoprogError(Exception):
    """A rule was broken; ``key`` names the message in the catalogue."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


class ValidationError(CoprogError):
    """Bad input. ``problems`` lists (field, key, params) for every field at fault."""

    def __init__(self, problems: list[tuple[str, str, dict]]):
        first = problems[0]
        super().__init__(first[1], **first[2])
        self.problems = problems


class NotAllowed(CoprogError):
    """The actor may not do this (wrong person, closed phase, revoked code)."""


class NotFound(CoprogError):
    """An unknown code or id."""


class EditConflict(CoprogError):
    """A save made from an older version of a text that someone else saved
    meanwhile (``who``, ``when``): nothing written (coprog/storage/edits.py)."""


class Busy(CoprogError):
    """The database stayed locked past the busy timeout: try again."""


class CheckFailed(NotAllowed):
    """Publishing the sintesi refused: the pre-publication check found problems
    (``report``: coprog/records/verifica.py's Report, with every finding)."""

    def __init__(self, report):
        super().__init__("sintesi.check_failed", n=len(report.findings))
        self.report = report
