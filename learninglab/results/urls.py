from django.urls import path

from learninglab.results.views.public import public_file_view, results_public_view, survey_view
from learninglab.results.views.staff import (
    capacity_view,
    feedback_report_view,
    file_delete_view,
    file_view,
    files_view,
    minutes_view,
    photos_view,
    publish_view,
    results_view,
    survey_preview_view,
    withdraw_view,
)

app_name = "results"
urlpatterns = [
    # Staff pages
    path("labs/<slug:slug>/results/", results_view, name="staff"),
    path("labs/<slug:slug>/results/minutes/", minutes_view, name="minutes"),
    path("labs/<slug:slug>/results/files/", files_view, name="files"),
    path("labs/<slug:slug>/results/photos/", photos_view, name="photos"),
    path("labs/<slug:slug>/results/files/<int:pk>/", file_view, name="file"),
    path(
        "labs/<slug:slug>/results/files/<int:pk>/delete/",
        file_delete_view,
        name="file_delete",
    ),
    path("labs/<slug:slug>/results/publish/", publish_view, name="publish"),
    path("labs/<slug:slug>/results/withdraw/", withdraw_view, name="withdraw"),
    path("labs/<slug:slug>/feedback/", feedback_report_view, name="feedback"),
    path("labs/<slug:slug>/feedback/preview/", survey_preview_view, name="survey_preview"),
    path("results/capacity/", capacity_view, name="capacity"),
    # Public pages
    path("events/<slug:slug>/results/", results_public_view, name="public"),
    path(
        "events/<slug:slug>/results/files/<int:pk>/",
        public_file_view,
        name="public_file",
    ),
    # The personal survey link takes any text as the id, so that a mangled link still
    # gets the page explaining what went wrong.
    path("feedback/<str:public_id>/<str:token>/", survey_view, name="survey"),
]
