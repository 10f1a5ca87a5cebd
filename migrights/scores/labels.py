"""The index's dimensions and gaps, in order, with their names in the visitor's language (no models here).

The one home of these words: the country page (``reference.views``) labels its scores with them, and the explore
pages' measures (``portal.measures``) should too.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

DIMENSIONS = ("commitment", "protection", "implementation")
DIMENSION_LABELS = {
    "commitment": gettext_lazy("Commitment"),
    "protection": gettext_lazy("Protection"),
    "implementation": gettext_lazy("Implementation"),
}
GAP_LABELS = {
    "commitment-protection": gettext_lazy("Commitment minus protection"),
    "protection-implementation": gettext_lazy("Protection minus implementation"),
}
