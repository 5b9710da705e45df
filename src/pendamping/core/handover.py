"""How open work follows a person who moves, without mobility knowing every other app.

Each app that keeps open work about a person (cases, enrolments, verval tasks, complaints...)
registers one `HandoverProvider` in its `AppConfig.ready()`. The mobility app, once a move
is confirmed, asks every provider for the person's open items and either hands them to the
assistant of the destination area or closes them when the person left the city.
Providers run inside the caller's transaction, so a move and its handover land together.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True)
class OpenItem:
    """One piece of open work, described so that a handover note can list it."""

    kind: str  # e.g. "case", "enrolment", "verval_task", "complaint", "referral"
    object_id: int
    label: str  # human text, already translated when built inside a request
    url: str = ""
    owner_id: int | None = None  # the user who holds it now, if any


@dataclass
class HandoverContext:
    """What a provider needs to know about the move."""

    person_ids: list[int]
    actor: object  # the user confirming the move
    note: str
    to_user: object | None = None  # assistant of the destination; None when unknown
    to_kelurahan_id: int | None = None  # None when the person left the city
    left_city: bool = False
    source: str = ""  # e.g. "mobility report #12"
    extra: dict = field(default_factory=dict)


class HandoverProvider(Protocol):
    kind: str

    def open_items(self, *, person_ids: Iterable[int]) -> list[OpenItem]:
        """Open work about these people, whoever holds it."""

    def hand_over(self, *, context: HandoverContext) -> list[OpenItem]:
        """Give the open work to `context.to_user` (or close it when the person left the city)
        and return what was moved or closed."""


_PROVIDERS: dict[str, HandoverProvider] = {}


def register(provider: HandoverProvider) -> None:
    """Called from an AppConfig.ready(); registering the same kind twice replaces it."""
    _PROVIDERS[provider.kind] = provider


def providers() -> list[HandoverProvider]:
    return list(_PROVIDERS.values())


def open_items(*, person_ids: Iterable[int]) -> list[OpenItem]:
    ids = list(person_ids)
    items: list[OpenItem] = []
    for provider in providers():
        items.extend(provider.open_items(person_ids=ids))
    return items


def hand_over(*, context: HandoverContext) -> list[OpenItem]:
    """Run every provider; the caller owns the transaction."""
    moved: list[OpenItem] = []
    for provider in providers():
        moved.extend(provider.hand_over(context=context))
    return moved


def notify_new_owners(items: list[OpenItem], *, to_user, actor, text: str, url: str = "") -> None:
    """Tell everyone who now holds handed-over work (and the destination's assistant), except
    the one who made the change. `text` is already translated."""
    from django.contrib.auth import get_user_model

    from .notifications import notify

    if not items:
        return
    owners = {i.owner_id for i in items if i.owner_id} | ({to_user.pk} if to_user else set())
    users = get_user_model().objects.filter(pk__in=owners)
    if getattr(actor, "pk", None):
        users = users.exclude(pk=actor.pk)
    for owner in users:
        notify(user=owner, text=text, url=url, kind="handover")
