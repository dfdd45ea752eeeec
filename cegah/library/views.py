"""Library pages: the public list and item pages, and the editors' workspace."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, ProtectedError, Q, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cegah.core.caching import anonymous_page_cache
from cegah.library import access, actions
from cegah.library.apps import PAGE_CACHE_NAMESPACE
from cegah.library.forms import (
    AddToCollectionForm,
    AdoptForm,
    CollectionForm,
    FilterForm,
    ItemForm,
)
from cegah.library.models import (
    AUDIENCE_FIELDS,
    Adoption,
    AdoptionKind,
    CollectionEntry,
    LibraryItem,
    LibraryItemQuerySet,
    lineage_of,
)

PAGE_SIZE = 12


def filtered_items(form: FilterForm, items: LibraryItemQuerySet) -> LibraryItemQuerySet:
    """Apply the valid filters of `form` (the API and the list share this)."""
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("topic"):
        items = items.filter(topics=data["topic"])
    if data.get("audience"):
        items = items.filter(**{AUDIENCE_FIELDS[data["audience"]]: True})
    if data.get("kind"):
        items = items.filter(kind=data["kind"])
    if data.get("agency"):
        items = items.filter(owner_agency=data["agency"])
    return items


@anonymous_page_cache(
    depends_on=[PAGE_CACHE_NAMESPACE], params=["topic", "audience", "kind", "agency", "page"]
)
def item_list(request: HttpRequest) -> HttpResponse:
    """Published items, newest first, filtered by topic, audience, kind and agency."""
    form = FilterForm(request.GET or None)
    items = filtered_items(form, access.public_items()).for_listing().with_usage_counts()
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "is_editor": access.is_editor(request.user)}
    return render(request, "library/list.html", context)


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One item: its formats to download, the caption to copy, its credits and lineage."""
    item = access.get_public_item(request.user, pk)
    counts = item.adoptions.aggregate(
        adopted=Count("agency", filter=Q(kind=AdoptionKind.ADOPT), distinct=True),
        adapted=Count("agency", filter=Q(kind=AdoptionKind.ADAPT), distinct=True),
    )
    editor_agencies = access.editor_agencies(request.user)
    user_agencies = [a for a in editor_agencies if a.pk != item.owner_agency_id]
    adopted_by = set(
        Adoption.objects.filter(
            item=item, kind=AdoptionKind.ADOPT, agency__in=user_agencies
        ).values_list("agency_id", flat=True)
    )
    formats = item.formats()
    feed = item.rendition_url("feed")
    context = {
        "item": item,
        "formats": formats,
        "og_image": request.build_absolute_uri(feed) if feed else "",
        "counts": counts,
        "lineage": lineage_of(item, published_only=not access.can_edit(request.user, item)),
        "can_edit": access.can_edit(request.user, item),
        "can_see_usage": access.can_see_usage(request.user, item),
        "adopt_agencies": [a for a in user_agencies if a.pk not in adopted_by],
        "adopted_agencies": [a for a in user_agencies if a.pk in adopted_by],
        "can_adapt": bool(user_agencies) and item.is_published and item.can_be_adapted(),
        "collections": access.collections_for(request.user) if editor_agencies else [],
    }
    return render(request, "library/detail.html", context)


@login_required
@require_POST
def adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor's agency uses the item as is (once, however often this is sent)."""
    item = access.get_public_item(request.user, pk)
    form = AdoptForm(request.POST, agencies=access.editor_agencies(request.user))
    if not form.is_valid():
        raise Http404
    try:
        _adoption, created = actions.adopt_item(
            actor=request.user,  # type: ignore[arg-type]
            agency=form.cleaned_data["agency"],
            item=item,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if created:
            messages.success(request, _("Adopted: your agency now uses this item as is."))
        else:
            messages.info(request, _("Your agency had already adopted this item."))
    return redirect(item)


def _form_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    form = context["form"]
    context["files_dropped"] = bool(request.FILES) and not form.is_valid()
    return render(request, template, context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def adapt(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor uploads their agency's local version of the item, linked to it."""
    original = access.get_public_item(request.user, pk)
    agencies = [a for a in access.editor_agencies(request.user) if a.pk != original.owner_agency_id]
    if not agencies or not original.is_published:
        raise Http404
    context: dict[str, Any] = {"original": original}
    if request.method != "POST":
        initial = ItemForm.initial_from(original)
        initial.update(
            agency=agencies[0].pk,
            attribution="",
            is_published=False,
            form_token=secrets.token_urlsafe(24),
        )
        context["form"] = ItemForm(initial=initial, agencies=agencies)
        return _form_page(request, "library/adapt.html", context)
    form = ItemForm(request.POST, request.FILES, agencies=agencies)
    context["form"] = form
    if not form.is_valid():
        return _form_page(request, "library/adapt.html", context, status=400)
    try:
        item, _created = actions.adapt_item(
            actor=request.user,  # type: ignore[arg-type]
            agency=form.cleaned_data["agency"],
            original=original,
            data=form.item_data(),
            topics=form.cleaned_data["topics"],
            files=form.item_files(),
            form_token=form.cleaned_data["form_token"] or None,
        )
    except ValidationError as exc:
        form.add_action_error(exc)
        return _form_page(request, "library/adapt.html", context, status=400)
    messages.success(request, _("Your adaptation is saved, with the original credited."))
    return redirect(item)


@never_cache
@login_required
def usage(request: HttpRequest, pk: int) -> HttpResponse:
    """Who adopted or adapted the item: for its own editors and for KPK."""
    item = access.get_item_usage(request.user, pk)
    rows = (
        Adoption.objects.filter(item=item)
        .select_related("agency", "adaptation")
        .order_by("-created_at", "-id")
    )
    return render(request, "library/usage.html", {"item": item, "rows": rows})


@login_required
@require_POST
def collect(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the item in one of the editor's collections."""
    item = access.get_public_item(request.user, pk)
    form = AddToCollectionForm(request.POST)
    if not form.is_valid():
        raise Http404
    collection = access.get_collection_for_editor(request.user, form.cleaned_data["collection"])
    try:
        created = actions.add_to_collection(
            actor=request.user,  # type: ignore[arg-type]
            collection=collection,
            item=item,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if created:
            messages.success(
                request, _("Added to the collection “%(name)s”.") % {"name": collection.name}
            )
        else:
            messages.info(
                request, _("Already in the collection “%(name)s”.") % {"name": collection.name}
            )
    return redirect(item)


# The editors' workspace


def _require_editor(request: HttpRequest) -> list[Any]:
    agencies = access.editor_agencies(request.user)
    if not agencies:
        raise Http404
    return agencies


@never_cache
@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The agency's own items (drafts too), what it adopted, and its collections."""
    agencies = _require_editor(request)
    own = access.editable_items(request.user).for_listing().with_usage_counts()
    page = Paginator(own, PAGE_SIZE * 2).get_page(request.GET.get("page"))
    adopted = (
        Adoption.objects.filter(agency__in=agencies, kind=AdoptionKind.ADOPT)
        .select_related("item", "item__owner_agency", "agency")
        .order_by("-created_at")[:50]
    )
    context = {
        "agencies": agencies,
        "page": page,
        "adopted": adopted,
        "collections": access.collections_for(request.user),
    }
    return render(request, "library/manage.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def item_new(request: HttpRequest) -> HttpResponse:
    agencies = _require_editor(request)
    if request.method != "POST":
        form = ItemForm(
            initial={"form_token": secrets.token_urlsafe(24)},
            agencies=agencies,
        )
        return _form_page(request, "library/item_form.html", {"form": form})
    form = ItemForm(request.POST, request.FILES, agencies=agencies)
    if not form.is_valid():
        return _form_page(request, "library/item_form.html", {"form": form}, status=400)
    try:
        item, _created = actions.create_item(
            actor=request.user,  # type: ignore[arg-type]
            agency=form.cleaned_data["agency"],
            data=form.item_data(),
            topics=form.cleaned_data["topics"],
            files=form.item_files(),
            form_token=form.cleaned_data["form_token"] or None,
        )
    except ValidationError as exc:
        form.add_action_error(exc)
        return _form_page(request, "library/item_form.html", {"form": form}, status=400)
    messages.success(request, _("The item is saved."))
    return redirect(item)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an item: only its own agency's editors get past the access gate."""
    item = access.get_item_for_editor(request.user, pk)
    agencies = [item.owner_agency]
    context: dict[str, Any] = {"item": item}
    if request.method != "POST":
        context["form"] = ItemForm(
            initial=ItemForm.initial_from(item), agencies=agencies, instance=item
        )
        return _form_page(request, "library/item_form.html", context)
    form = ItemForm(request.POST, request.FILES, agencies=agencies, instance=item)
    context["form"] = form
    if not form.is_valid():
        return _form_page(request, "library/item_form.html", context, status=400)
    try:
        actions.update_item(
            actor=request.user,  # type: ignore[arg-type]
            item=item,
            data=form.item_data(),
            topics=form.cleaned_data["topics"],
            files=form.item_files(),
        )
    except ValidationError as exc:
        form.add_action_error(exc)
        return _form_page(request, "library/item_form.html", context, status=400)
    messages.success(request, _("The item is saved."))
    return redirect(item)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_item_for_editor(request.user, pk)
    if request.method == "POST":
        try:
            actions.delete_item(actor=request.user, item=item)  # type: ignore[arg-type]
        except (ProtectedError, RestrictedError):
            messages.error(
                request, _("This item is used elsewhere (in a campaign): unpublish it instead.")
            )
            return redirect(item)
        messages.success(request, _("The item is deleted."))
        return redirect("library:manage")
    return render(request, "library/item_delete.html", {"item": item})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def collections(request: HttpRequest) -> HttpResponse:
    """The agency's collections; a new one by name."""
    agencies = _require_editor(request)
    form = CollectionForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        collection, created = actions.create_collection(
            actor=request.user,  # type: ignore[arg-type]
            agency=form.cleaned_data["agency"],
            name=form.cleaned_data["name"],
        )
        if not created:
            messages.info(request, _("A collection with this name already exists."))
        return redirect(collection)
    rows = access.collections_for(request.user)
    status = 400 if request.method == "POST" else 200
    return render(request, "library/collections.html", {"form": form, "rows": rows}, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def collection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    collection = access.get_collection_for_editor(request.user, pk)
    if request.method == "POST":
        if "delete" in request.POST:
            actions.delete_collection(actor=request.user, collection=collection)  # type: ignore[arg-type]
            messages.success(request, _("The collection is deleted."))
            return redirect("library:collections")
        item_id = request.POST.get("remove", "")
        if item_id.isdigit():
            actions.remove_from_collection(
                actor=request.user,  # type: ignore[arg-type]
                collection=collection,
                item_id=int(item_id),
            )
            messages.success(request, _("Removed from the collection."))
        return redirect(collection)
    entries = CollectionEntry.objects.filter(collection=collection).prefetch_related(
        Prefetch("item", queryset=LibraryItem.objects.for_listing())
    )
    return render(
        request, "library/collection.html", {"collection": collection, "entries": entries}
    )
