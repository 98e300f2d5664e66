from django.urls import path, re_path

from learninglab.labs import views_checkin, views_public, views_staff

app_name = "labs"
urlpatterns = [
    # Staff pages
    path("labs/", views_staff.lab_list_view, name="list"),
    path("labs/new/", views_staff.lab_create_view, name="create"),
    path("labs/<slug:slug>/", views_staff.lab_detail_view, name="detail"),
    path("labs/<slug:slug>/edit/", views_staff.lab_edit_view, name="edit"),
    path("labs/<slug:slug>/publish/", views_staff.lab_publish_view, name="publish"),
    path("labs/<slug:slug>/held/", views_staff.lab_held_view, name="held"),
    path("labs/<slug:slug>/cancel/", views_staff.lab_cancel_view, name="cancel"),
    path("labs/<slug:slug>/duplicate/", views_staff.lab_duplicate_view, name="duplicate"),
    path("labs/<slug:slug>/invite/", views_staff.lab_invite_view, name="invite"),
    path(
        "labs/<slug:slug>/preview/", views_staff.invitation_preview_view, name="invitation_preview"
    ),
    path("labs/<slug:slug>/progress/", views_staff.lab_progress_view, name="progress"),
    path("labs/<slug:slug>/answers/", views_staff.lab_answers_view, name="answers"),
    path(
        "labs/<slug:slug>/answers.<str:fmt>",
        views_staff.lab_answers_export_view,
        name="answers_export",
    ),
    path(
        "labs/<slug:slug>/answers/<int:pk>/record/",
        views_staff.answer_record_view,
        name="answer_record",
    ),
    # Check-in at the door
    path("labs/<slug:slug>/checkin/", views_checkin.checkin_view, name="checkin"),
    path(
        "labs/<slug:slug>/checkin/headcount/",
        views_checkin.checkin_headcount_view,
        name="checkin_headcount",
    ),
    path("labs/<slug:slug>/checkin/scan/", views_checkin.checkin_scan_view, name="checkin_scan"),
    path("labs/<slug:slug>/checkin/walk-in/", views_checkin.walk_in_view, name="checkin_walk_in"),
    path(
        "labs/<slug:slug>/checkin/<int:pk>/",
        views_checkin.checkin_record_view,
        name="checkin_record",
    ),
    path(
        "labs/<slug:slug>/checkin/<int:pk>/undo/",
        views_checkin.checkin_undo_view,
        name="checkin_undo",
    ),
    # Public pages
    path("events/<slug:slug>/", views_public.lab_public_view, name="public"),
    path(
        "events/calendar/<slug:partner_slug>.ics",
        views_public.partner_calendar_view,
        name="partner_calendar",
    ),
    # Personal links take any text as the id, so that a link with a mangled id still gets
    # the page explaining what went wrong rather than a bare "Not Found".
    path("rsvp/<str:public_id>/<str:token>/", views_public.rsvp_view, name="rsvp"),
    path(
        "rsvp/<str:public_id>/<str:token>/colleague/",
        views_public.rsvp_colleague_view,
        name="rsvp_colleague",
    ),
    path(
        "unsubscribe/<str:public_id>/<str:token>/",
        views_public.unsubscribe_view,
        name="unsubscribe",
    ),
    # A personal link cut short by a mail program, with or without its id.
    re_path(r"^(?:rsvp|unsubscribe)/(?:[^/]+/)?$", views_public.link_cut_view),
]
