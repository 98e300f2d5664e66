from django.urls import path  # noqa: F401

app_name = "actionplans"
urlpatterns: list = [
    # Staff pages, under /action-plans/
    # Public pages, under /plans/
]
