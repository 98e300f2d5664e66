from django.urls import path

from learninglab.results import views_public, views_staff

app_name = "results"
urlpatterns = [
    # Staff pages
    path("labs/<slug:slug>/results/", views_staff.results_view, name="staff"),
    path("labs/<slug:slug>/results/minutes/", views_staff.minutes_view, name="minutes"),
    path("labs/<slug:slug>/results/files/", views_staff.files_view, name="files"),
    path("labs/<slug:slug>/results/photos/", views_staff.photos_view, name="photos"),
    path("labs/<slug:slug>/results/files/<int:pk>/", views_staff.file_view, name="file"),
    path(
        "labs/<slug:slug>/results/files/<int:pk>/delete/",
        views_staff.file_delete_view,
        name="file_delete",
    ),
    path("labs/<slug:slug>/results/publish/", views_staff.publish_view, name="publish"),
    path("labs/<slug:slug>/results/withdraw/", views_staff.withdraw_view, name="withdraw"),
    path("labs/<slug:slug>/feedback/", views_staff.feedback_report_view, name="feedback"),
    path("results/capacity/", views_staff.capacity_view, name="capacity"),
    # Public pages
    path("events/<slug:slug>/results/", views_public.results_public_view, name="public"),
    path(
        "events/<slug:slug>/results/files/<int:pk>/",
        views_public.public_file_view,
        name="public_file",
    ),
    # The personal survey link takes any text as the id, so that a mangled link still
    # gets the page explaining what went wrong.
    path("feedback/<str:public_id>/<str:token>/", views_public.survey_view, name="survey"),
]
