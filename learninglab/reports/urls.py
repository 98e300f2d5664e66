from django.urls import path

from learninglab.reports import views

app_name = "reports"
urlpatterns = [
    path(
        "labs/<slug:slug>/attendance-sheet.pdf",
        views.attendance_sheet_view,
        name="attendance_sheet",
    ),
    path(
        "labs/<slug:slug>/attendance-report.<str:fmt>",
        views.attendance_report_view,
        name="attendance_report",
    ),
    path("labs/<slug:slug>/badges.pdf", views.badges_view, name="badges"),
    path("practices/<slug:slug>/form.<str:fmt>", views.practice_form_view, name="practice_form"),
    path("action-plans/reports/", views.plan_reports_view, name="plan_reports"),
    path(
        "action-plans/reports/<slug:partner>/<str:period>.<str:fmt>",
        views.progress_report_view,
        name="progress_report",
    ),
    path("action-plans/<slug:slug>/export.<str:fmt>", views.plan_export_view, name="plan_export"),
]
