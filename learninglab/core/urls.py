from django.urls import path

from learninglab.core import views

app_name = "core"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("audit/", views.audit_log_view, name="audit"),
    path("healthz", views.health_view, name="health"),
]
