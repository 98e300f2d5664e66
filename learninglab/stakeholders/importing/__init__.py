"""Import people into a partner's stakeholder group from the spreadsheets offices keep.

``import_preview`` reads a CSV or XLSX file and gives each row a verdict (new, update,
unchanged, duplicate, invalid) without changing anything; ``import_batch_create`` reads the
file once and keeps its parsed rows (never the file) between its preview and its commit;
``import_commit`` imports the new and changed people of a batch in one transaction, after
which, as after ``import_batches_expire``, the batch keeps only its counts. Every problem
with the file is an ``ImportRejected`` with a message for the user.
"""

from learninglab.stakeholders.importing.columns import (
    FIELD_LABELS,
    FIELDS,
    IGNORE,
    parse_mapping,
    recognised_headers,
)
from learninglab.stakeholders.importing.errors import ImportRejected
from learninglab.stakeholders.importing.plan import RowResult, Verdict
from learninglab.stakeholders.importing.selectors import import_batch_get
from learninglab.stakeholders.importing.services import (
    ImportOptions,
    ImportReport,
    import_batch_create,
    import_batch_preview,
    import_commit,
    import_preview,
)

__all__ = [
    "FIELDS",
    "FIELD_LABELS",
    "IGNORE",
    "ImportOptions",
    "ImportRejected",
    "ImportReport",
    "RowResult",
    "Verdict",
    "import_batch_create",
    "import_batch_get",
    "import_batch_preview",
    "import_commit",
    "import_preview",
    "parse_mapping",
    "recognised_headers",
]
