from django.urls import path, re_path

from learninglab.labs.views.checkin import (
    checkin_headcount_view,
    checkin_record_view,
    checkin_scan_view,
    checkin_undo_view,
    checkin_view,
    walk_in_view,
)
from learninglab.labs.views.messages import (
    lab_message_new_view,
    lab_message_view,
    lab_messages_view,
)
from learninglab.labs.views.public import (
    lab_public_view,
    link_cut_view,
    partner_calendar_view,
    personal_data_view,
    rsvp_calendar_view,
    rsvp_colleague_view,
    rsvp_questions_view,
    rsvp_view,
    unsubscribe_view,
)
from learninglab.labs.views.questions import (
    question_create_view,
    question_delete_view,
    question_edit_view,
    question_move_view,
    question_restore_view,
    question_standard_view,
    questions_view,
)
from learninglab.labs.views.registration import (
    lab_register_view,
    lab_registrations_view,
    registration_confirm_view,
    registration_decide_view,
    registration_sent_view,
)
from learninglab.labs.views.staff import (
    answer_record_view,
    invitation_preview_view,
    lab_answers_export_view,
    lab_answers_view,
    lab_cancel_view,
    lab_create_view,
    lab_detail_view,
    lab_duplicate_view,
    lab_edit_view,
    lab_held_view,
    lab_invite_view,
    lab_list_view,
    lab_progress_view,
    lab_publish_view,
)

app_name = "labs"
urlpatterns = [
    # Staff pages
    path("labs/", lab_list_view, name="list"),
    path("labs/new/", lab_create_view, name="create"),
    path("labs/<slug:slug>/", lab_detail_view, name="detail"),
    path("labs/<slug:slug>/edit/", lab_edit_view, name="edit"),
    path("labs/<slug:slug>/publish/", lab_publish_view, name="publish"),
    path("labs/<slug:slug>/held/", lab_held_view, name="held"),
    path("labs/<slug:slug>/cancel/", lab_cancel_view, name="cancel"),
    path("labs/<slug:slug>/duplicate/", lab_duplicate_view, name="duplicate"),
    path("labs/<slug:slug>/invite/", lab_invite_view, name="invite"),
    path("labs/<slug:slug>/preview/", invitation_preview_view, name="invitation_preview"),
    path("labs/<slug:slug>/progress/", lab_progress_view, name="progress"),
    path("labs/<slug:slug>/answers/", lab_answers_view, name="answers"),
    path(
        "labs/<slug:slug>/answers.<str:fmt>",
        lab_answers_export_view,
        name="answers_export",
    ),
    path(
        "labs/<slug:slug>/answers/<int:pk>/record/",
        answer_record_view,
        name="answer_record",
    ),
    # Messages to the lab's people
    path("labs/<slug:slug>/messages/", lab_messages_view, name="messages"),
    path("labs/<slug:slug>/messages/new/", lab_message_new_view, name="message_new"),
    path("labs/<slug:slug>/messages/<int:pk>/", lab_message_view, name="message"),
    # Registrations on the public page
    path("labs/<slug:slug>/registrations/", lab_registrations_view, name="registrations"),
    path(
        "labs/<slug:slug>/registrations/<int:pk>/decide/",
        registration_decide_view,
        name="registration_decide",
    ),
    # The lab's questions, for registration and for the feedback survey
    path("labs/<slug:slug>/questions/", questions_view, name="questions"),
    path(
        "labs/<slug:slug>/questions/new/<str:purpose>/",
        question_create_view,
        name="question_create",
    ),
    path(
        "labs/<slug:slug>/questions/ready-made/",
        question_standard_view,
        name="question_standard",
    ),
    path("labs/<slug:slug>/questions/<int:pk>/", question_edit_view, name="question_edit"),
    path(
        "labs/<slug:slug>/questions/<int:pk>/move/",
        question_move_view,
        name="question_move",
    ),
    path(
        "labs/<slug:slug>/questions/<int:pk>/delete/",
        question_delete_view,
        name="question_delete",
    ),
    path(
        "labs/<slug:slug>/questions/<int:pk>/restore/",
        question_restore_view,
        name="question_restore",
    ),
    # Check-in at the door
    path("labs/<slug:slug>/checkin/", checkin_view, name="checkin"),
    path(
        "labs/<slug:slug>/checkin/headcount/",
        checkin_headcount_view,
        name="checkin_headcount",
    ),
    path("labs/<slug:slug>/checkin/scan/", checkin_scan_view, name="checkin_scan"),
    path("labs/<slug:slug>/checkin/walk-in/", walk_in_view, name="checkin_walk_in"),
    path(
        "labs/<slug:slug>/checkin/<int:pk>/",
        checkin_record_view,
        name="checkin_record",
    ),
    path(
        "labs/<slug:slug>/checkin/<int:pk>/undo/",
        checkin_undo_view,
        name="checkin_undo",
    ),
    # Public pages
    path("events/<slug:slug>/", lab_public_view, name="public"),
    path("events/<slug:slug>/register/", lab_register_view, name="register"),
    path("events/<slug:slug>/register/sent/", registration_sent_view, name="registration_sent"),
    path(
        "register/<uuid:public_id>/<str:token>/",
        registration_confirm_view,
        name="registration_confirm",
    ),
    path(
        "events/calendar/<slug:partner_slug>.ics",
        partner_calendar_view,
        name="partner_calendar",
    ),
    # Personal links take any text as the id, so that a link with a mangled id still gets
    # the page explaining what went wrong rather than a bare "Not Found".
    path("rsvp/<str:public_id>/<str:token>/", rsvp_view, name="rsvp"),
    path(
        "rsvp/<str:public_id>/<str:token>/questions/",
        rsvp_questions_view,
        name="rsvp_questions",
    ),
    path(
        "rsvp/<str:public_id>/<str:token>/colleague/",
        rsvp_colleague_view,
        name="rsvp_colleague",
    ),
    path(
        "rsvp/<str:public_id>/<str:token>/lab.ics",
        rsvp_calendar_view,
        name="rsvp_calendar",
    ),
    path(
        "unsubscribe/<str:public_id>/<str:token>/",
        unsubscribe_view,
        name="unsubscribe",
    ),
    # The person's own data, from either personal link.
    path(
        "rsvp/<str:public_id>/<str:token>/my-data.json",
        personal_data_view,
        {"purpose": "rsvp"},
        name="rsvp_data",
    ),
    path(
        "unsubscribe/<str:public_id>/<str:token>/my-data.json",
        personal_data_view,
        {"purpose": "unsubscribe"},
        name="unsubscribe_data",
    ),
    # A personal link cut short by a mail program, with or without its id.
    re_path(r"^(?:rsvp|unsubscribe)/(?:[^/]+/)?$", link_cut_view),
]
