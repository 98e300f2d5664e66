"""Background work of labs: sending a lab's invitations."""

from django_tasks import task

from learninglab.labs.services.invitation import invitations_send


@task()
def send_lab_invitations(lab_id: int) -> int:
    """Queue every not yet queued invitation e-mail of the lab; return how many."""
    return invitations_send(lab_id=lab_id)
