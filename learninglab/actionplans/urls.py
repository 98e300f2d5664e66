from django.urls import path

from learninglab.actionplans.views.provenance import action_provenance_view
from learninglab.actionplans.views import monitoring, progress_import, public

app_name = "actionplans"
urlpatterns: list = [
    # Staff pages, under /action-plans/
    path(
        "action-plans/<slug:slug>/actions/<int:pk>/provenance/",
        action_provenance_view,
        name="action_provenance",
    ),
    path("action-plans/<slug:slug>/monitoring/", monitoring.monitoring_view, name="monitoring"),
    path(
        "action-plans/<slug:slug>/actions/<int:pk>/progress/",
        monitoring.progress_add_view,
        name="progress_add",
    ),
    path(
        "action-plans/<slug:slug>/actions/<int:pk>/milestones/<int:milestone>/reached/",
        monitoring.milestone_reached_view,
        name="milestone_reached",
    ),
    path("action-plans/<slug:slug>/evidence/<int:pk>/", monitoring.evidence_view, name="evidence"),
    path(
        "action-plans/<slug:slug>/progress/import/",
        progress_import.progress_import_view,
        name="progress_import",
    ),
    path(
        "action-plans/<slug:slug>/progress/import/template.xlsx",
        progress_import.progress_template_view,
        name="progress_template",
    ),
    path(
        "action-plans/<slug:slug>/progress/import/<str:token>/",
        progress_import.progress_import_preview_view,
        name="progress_import_preview",
    ),
    path(
        "action-plans/<slug:slug>/progress/import/<str:token>/record/",
        progress_import.progress_import_commit_view,
        name="progress_import_commit",
    ),
    # Public pages, under /plans/
    path("plans/", public.public_plans_view, name="public_plans"),
    path("plans/follow/<str:token>/confirm/", public.follow_confirm_view, name="follow_confirm"),
    path("plans/follow/<str:token>/stop/", public.unsubscribe_view, name="unsubscribe"),
    path("plans/<slug:slug>/", public.public_plan_view, name="public_plan"),
    path("plans/<slug:slug>/follow/", public.follow_view, name="follow"),
]
