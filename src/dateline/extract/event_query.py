"""Filtering events the way ``dateline events --actor X --type T --since D --until D --place P`` does.

Pure functions over :class:`~dateline.model.Event` records, for the CLI and the store to share:
an actor matches a source or target by KB id, country code or (part of) its name or text; a
type matches the event type or its PLOVER coding; dates compare as ISO strings on the days
they cover ("2024-02" is within ``--since 2024-02-01``); a place matches the location's name,
text, admin1 or country code, and a country name every place in that country.
"""

from __future__ import annotations

from collections.abc import Iterable

from dateline.extract.places import lookup
from dateline.model import ActorRef, Event


def _actor_matches(ref: ActorRef | None, wanted: str) -> bool:
    if ref is None:
        return False
    low = wanted.casefold()
    if low in {(ref.actor_id or "").casefold(), (ref.country or "").casefold()}:
        return True
    return any(low in (value or "").casefold() for value in (ref.name, ref.text))


def _in_range(date: str | None, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    if not date or not date[:4].isdigit():
        return False
    day = date[:10]
    # a partial date ("2024-02") covers [its first day, its last day]
    first, last = day.ljust(10, "0"), day + "\uffff"
    return (since is None or last >= since) and (until is None or first <= until)


def matches(event: Event, *, actor: str | None = None, type: str | None = None,  # noqa: A002 - CLI name
            since: str | None = None, until: str | None = None, place: str | None = None) -> bool:
    """True when ``event`` passes every filter given (None = no filter)."""
    if actor and not (_actor_matches(event.source, actor) or _actor_matches(event.target, actor)):
        return False
    if type and type.upper() not in {event.type, event.plover_type or event.type}:
        return False
    if not _in_range(event.date, since, until):
        return False
    return not place or _place_matches(event, place)


def _place_matches(event: Event, place: str) -> bool:
    loc = event.location
    if loc is None:
        return False
    fields = (loc.name, loc.text, loc.admin1, loc.country)
    if any(place.casefold() == (f or "").casefold() for f in fields):
        return True
    entry = lookup(place)  # a country name matches every place in that country ("Egypt" -> Cairo)
    return entry is not None and entry.precision == "country" and entry.country == loc.country


def select(events: Iterable[Event], **filters: str | None) -> list[Event]:
    """The events passing the filters of :func:`matches`, in their order."""
    return [ev for ev in events if matches(ev, **filters)]
