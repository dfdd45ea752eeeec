"""The one shape of a refused action: an exception whose `message` is shown to the person."""

from __future__ import annotations


class ActionRefused(Exception):
    """An action the object's state or the rules do not allow; `message` is for people (already
    translated), and views show it next to the form that asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
