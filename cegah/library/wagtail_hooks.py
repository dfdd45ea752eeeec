"""Wagtail hooks of the content library."""

from __future__ import annotations

from wagtail import hooks

from cegah.library.renditions import LetterboxOperation


@hooks.register("register_image_operations")
def register_letterbox() -> list[tuple[str, type[LetterboxOperation]]]:
    """`letterbox-WxH`: the library's formats keep the whole picture (`renditions.py`)."""
    return [("letterbox", LetterboxOperation)]
