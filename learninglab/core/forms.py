"""Form helpers shared by every app."""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest, QueryDict


def posted(request: HttpRequest) -> QueryDict | None:
    """Return the POST data to bind a form to, or None on other methods.

    ``request.POST or None`` would leave a form unbound, and silently valid-less, when a
    POST arrives with no fields at all; this binds it so that it shows its errors.
    """
    return request.POST if request.method == "POST" else None


class FormRenderer(DjangoTemplates):
    """Render every form and field group with the project's templates.

    ``{{ form }}`` gives the form's errors, hidden fields and one group per visible field;
    ``{{ field.as_field_group }}`` gives one group: label, widget, help text and errors.
    """

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
