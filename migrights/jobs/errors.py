"""The one error a job's work raises to say it cannot be done as asked (no retry changes that)."""

from __future__ import annotations


class Refused(Exception):
    """The work cannot be done as asked: the job fails with this message, and is not tried again."""
