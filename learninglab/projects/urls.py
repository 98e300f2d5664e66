from django.urls import path, re_path

from learninglab.projects import views

app_name = "projects"
urlpatterns = [
    path("project/", views.settings_view, name="settings"),
    path("project/<int:pk>/logos/<str:kind>/", views.logo_upload_view, name="logo_upload"),
    path("project/<int:pk>/logos/<str:kind>/remove/", views.logo_remove_view, name="logo_remove"),
    # The logos are public: the pages for stakeholders and the e-mails show them.
    re_path(r"^logos/(?P<name>[0-9a-f]{32}\.(?:png|svg))$", views.logo_view, name="logo"),
]
