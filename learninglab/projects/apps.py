from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "learninglab.projects"
    label = "projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from learninglab.projects import rules  # noqa: F401
        from learninglab.projects.audit_sentences import register_sentences

        register_sentences()
