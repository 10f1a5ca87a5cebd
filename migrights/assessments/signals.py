"""Signals other apps listen to (the scores app recomputes the indices of a new release)."""

from django.dispatch import Signal

release_published = Signal()  # sent with ``release`` once the release is committed
