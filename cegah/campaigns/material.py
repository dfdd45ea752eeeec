"""A campaign day's material as the pages show and share it: each library item with the
file a participant posts as a status (the 9:16 picture, or the video itself)."""

from __future__ import annotations

import datetime as dt
import mimetypes
import posixpath
from dataclasses import dataclass

from cegah.campaigns.models import Campaign, ScheduleDay
from cegah.library.models import Kind, LibraryItem


@dataclass(frozen=True)
class Material:
    """One item of a day: what to show, what to download and which file to share."""

    item: LibraryItem
    picture_url: str  # the 9:16 picture (or the best format the picture has); "" without one
    video_url: str
    poster_url: str
    file_url: str  # the file to post as a status: the video, else the picture; "" for none
    file_type: str  # its MIME type, for the Web Share API's File
    file_name: str

    @property
    def is_video(self) -> bool:
        return bool(self.video_url)


def _file_type(url: str, fallback: str) -> str:
    guessed, _encoding = mimetypes.guess_type(url)
    return guessed or fallback


def material_of(item: LibraryItem) -> Material:
    picture = item.share_picture_url() if item.image_id else ""
    video = item.video.url if item.kind == Kind.VIDEO and item.video else ""
    poster = item.poster.url if item.poster else ""
    file_url = video or picture
    return Material(
        item=item,
        picture_url=picture,
        video_url=video,
        poster_url=poster,
        file_url=file_url,
        file_type=_file_type(file_url, "video/mp4" if video else "image/jpeg") if file_url else "",
        file_name=posixpath.basename(file_url.split("?", 1)[0]) if file_url else "",
    )


class Materials(list[Material]):
    """A day's materials, in the organiser's order."""

    @property
    def with_files(self) -> list[Material]:
        """Those with a file to post as a status (a caption-only item has none)."""
        return [m for m in self if m.file_url]


def day_materials(entry: ScheduleDay) -> Materials:
    """The day's items in the organiser's order."""
    return Materials(material_of(item) for item in entry.ordered_items())


def schedule(campaign: Campaign) -> list[ScheduleDay]:
    """The campaign's days with their items (two queries)."""
    return list(campaign.schedule.with_items().order_by("day"))


def today_and_next(
    days: list[ScheduleDay], today: dt.date
) -> tuple[ScheduleDay | None, ScheduleDay | None]:
    """Today's day of the schedule, and the next planned one when there is none today."""
    current = next((d for d in days if d.day == today), None)
    upcoming = next((d for d in days if d.day > today), None)
    return current, upcoming


def public_day(days: list[ScheduleDay], today: dt.date) -> ScheduleDay | None:
    """The day a visitor of the public page sees: today's, else the latest one so far."""
    reached = [d for d in days if d.day <= today]
    return reached[-1] if reached else None
