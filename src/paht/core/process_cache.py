"""Configuration read from the database once and kept in each app process.

Every submission needs the fields, the deadline rules, the calendar and the message
templates; an administrator changes them a few times a year. A ``ProcessCache`` keeps
what its loader returns for ``PAHT_CONFIG_CACHE_SECONDS``. A change saved in this process
is seen at once (signals drop the copy, and again when the change commits: a copy read in
between saw it uncommitted); other processes see it when their copy expires.

Loaders read the primary database: the copy serves writes for the next seconds, and a
replica may lag. A copy loaded before a change is never installed after it (a generation
counter), so a slow load cannot bring back what a change just dropped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

_all: list[ProcessCache] = []


class ProcessCache(Generic[T]):
    def __init__(self, name: str, load: Callable[[], T]):
        self.name = name
        self._load = load
        self._value: tuple[float, T] | None = None
        self._generation = 0
        self._lock = threading.Lock()
        _all.append(self)

    def get(self) -> T:
        held = self._value
        if held is None or time.monotonic() - held[0] > settings.PAHT_CONFIG_CACHE_SECONDS:
            generation = self._generation
            held = (time.monotonic(), self._load())
            with self._lock:
                if generation == self._generation:
                    self._value = held
        return held[1]

    def forget(self, **_signal_kwargs) -> None:
        with self._lock:
            self._value = None
            self._generation += 1

    def changed(self, **_signal_kwargs) -> None:
        """A row it reads was saved or deleted: drop the copy now and after commit.

        Known limit: a value loaded after the change inside the same transaction, which
        then rolls back, is kept until it expires. Nothing in the app reads configuration
        after changing it in one transaction (an admin form saves, then redirects)."""
        self.forget()
        transaction.on_commit(self.forget)

    def watch(self, *models) -> None:
        """Drop the copy whenever a row of ``models`` is saved or deleted here."""
        for model in models:
            uid = f"process-cache-{self.name}-{model._meta.label}"
            post_save.connect(self.changed, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(self.changed, sender=model, dispatch_uid=f"{uid}-del", weak=False)


def forget_all() -> None:
    """Drop every process cache (tests start each case as a fresh process would)."""
    for cache in _all:
        cache.forget()
