from django.urls import path

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
from learninglab.actionplans.views.version import (
    version_compare_view,
    version_document_view,
    versions_view,
)

app_name = "actionplans"
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
    # Public pages, under /plans/
]
