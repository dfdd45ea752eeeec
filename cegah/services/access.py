"""How views and the API get services and fee items: live (approved) versions only; a draft,
an unpublished or an unknown one is a 404 for everybody (editors see drafts in the CMS)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from cegah.services.models import FeeItem, Service


def get_public_service(code: str) -> Service:
    """The live service with this code, or 404."""
    return get_object_or_404(Service.objects.public(), code=code)


def get_public_fee_item(pk: int) -> FeeItem:
    """The live fee item version with this id (of a live service), or 404."""
    return get_object_or_404(
        FeeItem.objects.public().select_related("service").prefetch_related("legal_bases"), pk=pk
    )
