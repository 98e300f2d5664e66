from django.urls import path

from learninglab.actionplans.views.provenance import action_provenance_view

app_name = "actionplans"
urlpatterns: list = [
    # Staff pages, under /action-plans/
    path(
        "action-plans/<slug:slug>/actions/<int:pk>/provenance/",
        action_provenance_view,
        name="action_provenance",
    ),
    # Public pages, under /plans/
]
