"""Known problems a use case reports in words."""

from __future__ import annotations

from app.domain.errors import DomainError, Translate, ValidationError, as_written, join_sentences


class InvalidInput(DomainError):
    """One or more fields are wrong; each problem names its field so the UI can show it there."""

    def __init__(self, problems: list[ValidationError]) -> None:
        self.problems = problems
        super().__init__(" ".join(problem.message for problem in problems))

    def text(self, translate: Translate = as_written) -> str:
        """Every problem's sentence in the language of ``translate``."""
        return join_sentences(problem.text(translate) for problem in self.problems)

    def for_field(self, field: str) -> str | None:
        return next((p.message for p in self.problems if p.field == field), None)


class NotFound(DomainError):
    pass


class Conflict(DomainError):
    """The request contradicts what is on record (e.g. demo data into a practice with clients)."""


def collect(*checks) -> list:
    """Run each zero-argument check; gather ValidationErrors instead of stopping at the first.

    Returns the checks' results in order (None where a check failed); raises InvalidInput
    listing every problem when any failed.
    """
    results: list = []
    problems: list[ValidationError] = []
    for check in checks:
        try:
            results.append(check())
        except ValidationError as problem:
            problems.append(problem)
            results.append(None)
    if problems:
        raise InvalidInput(problems)
    return results
