"""StreamField blocks editors compose pages and news from."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))
    alt = blocks.CharBlock(
        required=False,
        max_length=250,
        label=_("Alternative text"),
        help_text=_("What the image shows, for readers who cannot see it."),
    )

    class Meta:
        icon = "image"
        template = "portal/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    source = blocks.CharBlock(required=False, max_length=200, label=_("Source"))

    class Meta:
        icon = "openquote"
        template = "portal/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    """A button to one of the platform's own tools (or any page)."""

    text = blocks.CharBlock(max_length=120, label=_("Button text"))
    page = blocks.PageChooserBlock(required=False, label=_("Page"))
    url = blocks.CharBlock(
        required=False,
        max_length=300,
        label=_("Address"),
        help_text=_("A path on this site such as /gratifikasi/cek/, when no page is chosen."),
    )
    description = blocks.CharBlock(required=False, max_length=250, label=_("Description"))

    class Meta:
        icon = "link"
        template = "portal/blocks/call_to_action.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, max_length=200, label=_("Title"))

    class Meta:
        icon = "doc-full"
        template = "portal/blocks/document.html"


RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Text"))
    image = ImageBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Quote"))
    call_to_action = CallToActionBlock(label=_("Call to action"))
    document = DocumentBlock(label=_("Document"))
