"""How sample gifts fare under a rules version being edited, next to the version in force today.

KPK officers see this in the admin before saving a new or changed version, so a threshold typed
with a zero too many shows up as a changed answer rather than in citizens' assessments.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cegah.gratification.rules import Assessment, Gift, Rules, assess


@dataclasses.dataclass(frozen=True)
class SampleGift:
    """A gift everyone recognises, as the check would record it (the date is set later)."""

    label: Promise
    value_idr: int
    form: str
    giver_relation: str
    occasion: str = "none"
    conflict_of_interest: bool = False

    def on(self, day: dt.date) -> Gift:
        return Gift(
            received_on=day,
            value_idr=self.value_idr,
            form=self.form,  # type: ignore[arg-type]
            giver_relation=self.giver_relation,  # type: ignore[arg-type]
            occasion=self.occasion,  # type: ignore[arg-type]
            conflict_of_interest=self.conflict_of_interest,
        )


SAMPLE_GIFTS: tuple[SampleGift, ...] = (
    SampleGift(
        _("A wedding gift of Rp1,200,000 in cash from a friend"),
        value_idr=1_200_000,
        form="money",
        giver_relation="other",
        occasion="wedding",
    ),
    SampleGift(
        _("A Lebaran parcel worth Rp750,000 from a contractor of the office"),
        value_idr=750_000,
        form="food_parcel",
        giver_relation="business_partner",
        occasion="religious_holiday",
        conflict_of_interest=True,
    ),
    SampleGift(
        _("An envelope of Rp300,000 from a pupil's parent on report-card day"),
        value_idr=300_000,
        form="money",
        giver_relation="service_user",
        conflict_of_interest=True,
    ),
)


@dataclasses.dataclass(frozen=True)
class PreviewRow:
    """One sample gift judged by the edited version and by the version in force today."""

    label: Promise
    edited: Assessment
    current: Assessment | None

    @property
    def changed(self) -> bool:
        if self.current is None:
            return True
        letter = self.edited.exemption.letter if self.edited.exemption else None
        current = self.current.exemption.letter if self.current.exemption else None
        return (self.edited.must_report, letter) != (self.current.must_report, current)


def preview(edited: Rules, current: Rules | None, today: dt.date) -> list[PreviewRow]:
    """Each sample gift, received today (or on the day the edited version takes effect, if that
    is later), under both versions."""
    edited_day = max(today, edited.effective_from)
    return [
        PreviewRow(
            label=sample.label,
            edited=assess(sample.on(edited_day), edited, today=today),
            current=None if current is None else assess(sample.on(today), current, today=today),
        )
        for sample in SAMPLE_GIFTS
    ]
