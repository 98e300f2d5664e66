"""The JSON API, version 1: ``/api/v1/``."""

from django.urls import path, re_path

from learninglab.api.errors import not_found_view
from learninglab.api.views import docs, indicators, labs, public, stakeholders

app_name = "api"
urlpatterns = [
    path("v1/schema/", docs.Schema.as_view(), name="schema"),
    path("v1/docs/", docs.Docs.as_view(), name="docs"),
    path("v1/labs/", labs.LabList.as_view(), name="labs"),
    path("v1/labs/<slug:slug>/", labs.LabDetail.as_view(), name="lab"),
    path(
        "v1/labs/<slug:slug>/invitations/",
        labs.InvitationList.as_view(),
        name="lab_invitations",
    ),
    path("v1/labs/<slug:slug>/checkins/", labs.CheckInList.as_view(), name="lab_checkins"),
    path("v1/labs/<slug:slug>/ideas/", labs.IdeaList.as_view(), name="lab_ideas"),
    path("v1/stakeholders/", stakeholders.StakeholderList.as_view(), name="stakeholders"),
    path(
        "v1/stakeholders/<int:pk>/",
        stakeholders.StakeholderDetail.as_view(),
        name="stakeholder",
    ),
    path("v1/practices/", public.PracticeList.as_view(), name="practices"),
    path("v1/practices/<slug:slug>/", public.PracticeDetail.as_view(), name="practice"),
    path("v1/plans/", public.PlanList.as_view(), name="plans"),
    path("v1/plans/<slug:slug>/", public.PlanDetail.as_view(), name="plan"),
    path("v1/indicators/", indicators.Indicators.as_view(), name="indicators"),
    # Any other address under /api/ answers 404 in the API's shape, not an HTML page.
    re_path(r"^.*$", not_found_view, name="not_found"),
]
