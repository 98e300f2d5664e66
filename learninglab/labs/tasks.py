"""Background work of labs: sending a lab's invitations, reminders of answers, and
messages to its participants."""

from django_tasks import task

from learninglab.labs.services.invitation import answer_reminders_send, invitations_send
from learninglab.labs.services.message import lab_message_deliver


@task()
def send_lab_invitations(lab_id: int) -> int:
    """Queue every not yet queued invitation e-mail of the lab; return how many."""
    return invitations_send(lab_id=lab_id)


@task()
def send_answer_reminders(lab_id: int, invitation_ids: list[int]) -> int:
    """Queue the reminders of their answer chosen by staff; return how many."""
    return answer_reminders_send(lab_id=lab_id, invitation_ids=invitation_ids)


@task()
def send_lab_message(message_id: int) -> int:
    """Queue a message to a lab's participants, one e-mail per person; return how many."""
    return lab_message_deliver(message_id=message_id)
