"""Labels for the engine's vocabulary (forms, kinds, givers, occasions), shared by the
wizard, the report form and the pages."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cegah.gratification.rules import FORM_LABELS

FORM_CHOICES: list[tuple[str, Promise]] = list(FORM_LABELS.items())

# The first choice is what most gifts are, vouchers and money from a person included; the
# commercial one says "open to the public", so that a voucher from a pupil's parent is not
# steered towards letter h (issue 12).
KIND_CHOICES: list[tuple[str, Promise]] = [
    ("gift", _("A gift from a person or organisation (money, a voucher, goods, a parcel…)")),
    ("investment_return", _("Returns on my own savings, investments or shares")),
    ("cooperative_benefit", _("A benefit from a cooperative or staff organisation I belong to")),
    ("event_kit", _("A kit given to every participant of an official event")),
    ("promotional_item", _("A promotional item with a logo or message")),
    ("competition_prize", _("A prize from a competition I entered at my own cost, off duty")),
    ("government_award", _("An award from the government for my work")),
    (
        "commercial_prize_or_discount",
        _(
            "A prize, discount, voucher or points from a promotion open to the public, such as "
            "a shop's lucky draw"
        ),
    ),
    ("professional_fee", _("A fee for professional work outside my duties")),
    ("official_honorarium", _("An honorarium, transport or lodging for an official activity")),
]

GIVER_RELATION_CHOICES: list[tuple[str, Promise]] = [
    ("family", _("Family")),
    ("colleague", _("A colleague")),
    ("service_user", _("Someone I serve in my job (a pupil's parent, a patient, an applicant…)")),
    ("business_partner", _("A business partner or contractor of my agency")),
    ("subordinate", _("A subordinate")),
    ("other", _("Someone else")),
    ("unknown", _("I do not know who gave it")),
]

OCCASION_CHOICES: list[tuple[str, Promise]] = [
    ("none", _("No particular occasion")),
    ("engagement", _("Engagement")),
    ("wedding", _("Wedding")),
    ("birth", _("Birth of a child")),
    ("aqiqah", _("Aqiqah")),
    ("baptism", _("Baptism")),
    ("circumcision", _("Circumcision")),
    ("tooth_filing", _("Tooth filing (potong gigi)")),
    ("religious_or_customary_ceremony", _("Another religious or customary ceremony")),
    ("disaster", _("A disaster affecting me or my family")),
    ("farewell", _("Farewell or welcome")),
    ("retirement", _("Retirement")),
    ("transfer_or_promotion", _("Transfer or promotion")),
    ("birthday", _("Birthday")),
    ("religious_holiday", _("Religious holiday (Lebaran, Christmas…)")),
    ("official_event", _("An official event")),
]
