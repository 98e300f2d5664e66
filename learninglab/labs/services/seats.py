"""Keep the seats a lab has given (``Lab.seats_taken``) with every answer that moves one.

The counter has one writer, the statement of ``seats_move_statement``. Every path that
changes whether an invitation holds a seat (an answer through the link or recorded by
staff, a promotion from the waiting list, a colleague sent instead, a walk-in, an
invitation combined away when two records of a person are merged) runs it through
``seats_move``, in the same transaction, holding the lab's lock: the lab's row is locked
first (``seats_lock``), then the invitation's. On SQLite the IMMEDIATE transaction is the
lock. The person's own answer on PostgreSQL runs it inside the one statement that records
the answer (``labs.services.answer``).
"""

from __future__ import annotations

from django.db import connection

from learninglab.labs.models import Lab, Response


def seat_delta(*, before: str, after: str) -> int:
    """Return how the lab's seats taken change when an answer moves from ``before`` to
    ``after`` (``""``: the invitation is gone): +1, -1 or 0."""
    return int(after == Response.ATTENDING) - int(before == Response.ATTENDING)


def seats_move_statement(*, lab_id: str, delta: str) -> str:
    """Return the UPDATE that moves a lab's seats taken by ``delta``.

    ``lab_id`` and ``delta`` are SQL expressions (a placeholder, or a column of the
    statement the UPDATE is part of). Nothing is written when ``delta`` is 0.
    """
    # Both are SQL written in this app, never values: those are the statement's parameters.
    where = f" WHERE id = ({lab_id}) AND ({delta}) <> 0"
    return f"UPDATE labs_lab SET seats_taken = seats_taken + ({delta})" + where  # noqa: S608


def seats_lock(lab_id: int) -> Lab:
    """Lock the lab's row (the first lock of every path that moves a seat); return the lab."""
    return Lab.objects.select_for_update().get(pk=lab_id)


def seats_move(*, lab: Lab, before: str, after: str) -> None:
    """Count the seat an invitation takes or frees as its answer moves from ``before`` to
    ``after`` (``""``: the invitation is gone).

    The caller holds the lab's lock. ``lab.seats_taken`` follows the row.
    """
    delta = seat_delta(before=before, after=after)
    if not delta:
        return
    with connection.cursor() as cursor:
        cursor.execute(seats_move_statement(lab_id="%s", delta="%s"), [delta, lab.pk, delta])
    lab.seats_taken += delta
