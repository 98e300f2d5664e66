from django.urls import path

from learninglab.cocreation import views_join, views_participant, views_projector, views_staff

app_name = "cocreation"

_staff = "labs/<slug:slug>/live/"
urlpatterns = [
    # The facilitator's pages
    path(_staff, views_staff.facilitate_view, name="facilitate"),
    path(f"{_staff}create/", views_staff.session_create_view, name="create"),
    path(f"{_staff}settings/", views_staff.session_configure_view, name="configure"),
    path(f"{_staff}open/", views_staff.session_open_view, name="open"),
    path(f"{_staff}close/", views_staff.session_close_view, name="close"),
    path(f"{_staff}questions/", views_staff.prompt_create_view, name="prompt_create"),
    path(f"{_staff}questions/<int:pk>/open/", views_staff.prompt_open_view, name="prompt_open"),
    path(f"{_staff}questions/<int:pk>/close/", views_staff.prompt_close_view, name="prompt_close"),
    path(f"{_staff}questions/<int:pk>/queue/", views_staff.queue_view, name="queue"),
    path(f"{_staff}questions/<int:pk>/themes/", views_staff.theme_create_view, name="theme_create"),
    path(f"{_staff}questions/<int:pk>/merge/", views_staff.idea_merge_view, name="merge"),
    path(f"{_staff}themes/<int:pk>/", views_staff.theme_rename_view, name="theme_rename"),
    path(f"{_staff}ideas/<int:pk>/approve/", views_staff.idea_approve_view, name="idea_approve"),
    path(f"{_staff}ideas/<int:pk>/hide/", views_staff.idea_hide_view, name="idea_hide"),
    path(f"{_staff}ideas/<int:pk>/theme/", views_staff.idea_theme_view, name="idea_theme"),
    path(f"{_staff}projector/", views_projector.projector_view, name="projector"),
    path(f"{_staff}projector/wall/", views_projector.projector_wall_view, name="projector_wall"),
    # The participants' pages
    path("join/", views_join.join_view, name="join"),
    path("join/<str:code>/", views_join.join_session_view, name="join_session"),
    path("live/<str:code>/", views_participant.participant_view, name="participant"),
    path(
        "live/<str:code>/status/",
        views_participant.participant_status_view,
        name="participant_status",
    ),
    path(
        "live/<str:code>/ideas/new/",
        views_participant.participant_ideas_view,
        name="participant_ideas",
    ),
    path("live/<str:code>/ideas/", views_participant.idea_submit_view, name="idea_submit"),
    path("live/<str:code>/votes/", views_participant.votes_view, name="votes"),
    path("live/<str:code>/language/", views_participant.language_view, name="language"),
]
