"""The one error the stakeholder import raises, whatever went wrong with the file."""

from __future__ import annotations

from learninglab.core.errors import DomainError


class ImportRejected(DomainError):
    """The file cannot be imported, or the import cannot be committed; nothing was changed.

    ``code`` says why (``file_empty``, ``xlsx_broken``, ``name_column_missing``,
    ``already_committed``…) and the message tells the user what to do about it.
    """
