"""Read import batches, scoped to the partners whose groups the user may import into."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from learninglab.core.permissions import scope
from learninglab.stakeholders.models import ImportBatch


def import_batch_get(user: Any, pk: Any) -> ImportBatch:
    """Return the batch ``pk`` if ``user`` may import into its partner's group, else 404."""
    batches = scope(user, "stakeholders.import", ImportBatch.objects.select_related("partner"))
    try:
        return batches.get(pk=int(pk))
    except (ImportBatch.DoesNotExist, ValueError, TypeError):
        raise Http404(_("No such import.")) from None
