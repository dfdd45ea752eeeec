"""The integrity API (mounted by `cegah.api.api`)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["integrity"])
