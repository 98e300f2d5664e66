from django.urls import path

from learninglab.actionplans.views import monitoring, progress_import, public
from learninglab.actionplans.views.action import (
    action_create_view,
    action_delete_view,
    action_edit_view,
    action_links_view,
    action_move_view,
    action_view,
    funding_add_view,
    funding_remove_view,
    idea_link_view,
    idea_unlink_view,
    milestone_add_view,
    milestone_remove_view,
    player_add_view,
    player_remove_view,
    practice_link_view,
    practice_unlink_view,
)
from learninglab.actionplans.views.ideas import ideas_to_action_view
from learninglab.actionplans.views.plan import (
    plan_create_view,
    plan_edit_view,
    plan_endorse_view,
    plan_revise_view,
    plan_submit_view,
    plan_view,
    plan_withdraw_view,
    plans_view,
)
from learninglab.actionplans.views.provenance import action_provenance_view
from learninglab.actionplans.views.version import (
    version_compare_view,
    version_document_view,
    versions_view,
)

app_name = "actionplans"

_ACTION = "action-plans/<slug:slug>/actions/<int:pk>/"
urlpatterns: list = [
    # Staff pages, under /action-plans/ ("new" before the plan's address, which would take it)
    path("action-plans/", plans_view, name="plans"),
    path("action-plans/new/", plan_create_view, name="plan_create"),
    path("action-plans/<slug:slug>/", plan_view, name="plan"),
    path("action-plans/<slug:slug>/edit/", plan_edit_view, name="plan_edit"),
    path("action-plans/<slug:slug>/submit/", plan_submit_view, name="plan_submit"),
    path("action-plans/<slug:slug>/withdraw/", plan_withdraw_view, name="plan_withdraw"),
    path("action-plans/<slug:slug>/endorse/", plan_endorse_view, name="plan_endorse"),
    path("action-plans/<slug:slug>/revise/", plan_revise_view, name="plan_revise"),
    path("action-plans/<slug:slug>/versions/", versions_view, name="versions"),
    path(
        "action-plans/<slug:slug>/versions/compare/",
        version_compare_view,
        name="version_compare",
    ),
    path(
        "action-plans/<slug:slug>/versions/<int:number>/signed/",
        version_document_view,
        name="version_document",
    ),
    path("action-plans/<slug:slug>/actions/new/", action_create_view, name="action_create"),
    path(_ACTION, action_view, name="action"),
    path(f"{_ACTION}edit/", action_edit_view, name="action_edit"),
    path(f"{_ACTION}delete/", action_delete_view, name="action_delete"),
    path(f"{_ACTION}move/", action_move_view, name="action_move"),
    path(f"{_ACTION}players/", player_add_view, name="player_add"),
    path(f"{_ACTION}players/<int:item>/remove/", player_remove_view, name="player_remove"),
    path(f"{_ACTION}milestones/", milestone_add_view, name="milestone_add"),
    path(f"{_ACTION}milestones/<int:item>/remove/", milestone_remove_view, name="milestone_remove"),
    path(f"{_ACTION}funding/", funding_add_view, name="funding_add"),
    path(f"{_ACTION}funding/<int:item>/remove/", funding_remove_view, name="funding_remove"),
    path(f"{_ACTION}links/", action_links_view, name="action_links"),
    path(f"{_ACTION}links/practices/", practice_link_view, name="practice_link"),
    path(
        f"{_ACTION}links/practices/<int:item>/remove/",
        practice_unlink_view,
        name="practice_unlink",
    ),
    path(f"{_ACTION}links/ideas/", idea_link_view, name="idea_link"),
    path(f"{_ACTION}links/ideas/<int:item>/remove/", idea_unlink_view, name="idea_unlink"),
    # From a lab's live-wall results
    path("labs/<slug:slug>/ideas-to-action/", ideas_to_action_view, name="ideas_to_action"),
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
