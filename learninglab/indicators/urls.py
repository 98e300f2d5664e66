from django.urls import path

from learninglab.indicators.views import dashboard_view, export_view, rows_view

app_name = "indicators"
urlpatterns = [
    path("indicators/", dashboard_view, name="dashboard"),
    path("indicators/export.xlsx", export_view, name="export"),
    path("indicators/<slug:key>/", rows_view, name="rows"),
]
