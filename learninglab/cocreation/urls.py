from django.urls import path

from learninglab.cocreation.views.join import join_session_view, join_view
from learninglab.cocreation.views.participant import (
    idea_submit_view,
    language_view,
    participant_ideas_view,
    participant_status_view,
    participant_view,
    votes_view,
)
from learninglab.cocreation.views.projector import projector_view, projector_wall_view
from learninglab.cocreation.views.staff import (
    facilitate_view,
    idea_approve_view,
    idea_hide_view,
    idea_merge_view,
    idea_theme_view,
    merge_and_hidden_view,
    prompt_close_view,
    prompt_create_view,
    prompt_open_view,
    prompts_view,
    queue_view,
    results_view,
    session_close_view,
    session_configure_view,
    session_create_view,
    session_open_view,
    theme_create_view,
    theme_rename_view,
)

app_name = "cocreation"

_staff = "labs/<slug:slug>/live/"
urlpatterns = [
    # The facilitator's pages
    path(_staff, facilitate_view, name="facilitate"),
    path(f"{_staff}create/", session_create_view, name="create"),
    path(f"{_staff}settings/", session_configure_view, name="configure"),
    path(f"{_staff}open/", session_open_view, name="open"),
    path(f"{_staff}close/", session_close_view, name="close"),
    path(f"{_staff}questions/", prompt_create_view, name="prompt_create"),
    path(f"{_staff}questions/list/", prompts_view, name="prompts"),
    path(f"{_staff}questions/<int:pk>/open/", prompt_open_view, name="prompt_open"),
    path(f"{_staff}questions/<int:pk>/close/", prompt_close_view, name="prompt_close"),
    path(f"{_staff}questions/<int:pk>/queue/", queue_view, name="queue"),
    path(f"{_staff}questions/<int:pk>/results/", results_view, name="results"),
    path(f"{_staff}questions/<int:pk>/themes/", theme_create_view, name="theme_create"),
    path(f"{_staff}questions/<int:pk>/merge/", idea_merge_view, name="merge"),
    path(
        f"{_staff}questions/<int:pk>/merge-and-hidden/",
        merge_and_hidden_view,
        name="merge_and_hidden",
    ),
    path(f"{_staff}themes/<int:pk>/", theme_rename_view, name="theme_rename"),
    path(f"{_staff}ideas/<int:pk>/approve/", idea_approve_view, name="idea_approve"),
    path(f"{_staff}ideas/<int:pk>/hide/", idea_hide_view, name="idea_hide"),
    path(f"{_staff}ideas/<int:pk>/theme/", idea_theme_view, name="idea_theme"),
    path(f"{_staff}projector/", projector_view, name="projector"),
    path(f"{_staff}projector/wall/", projector_wall_view, name="projector_wall"),
    # The participants' pages
    path("join/", join_view, name="join"),
    path("join/<str:code>/", join_session_view, name="join_session"),
    path("live/<str:code>/", participant_view, name="participant"),
    path(
        "live/<str:code>/status/",
        participant_status_view,
        name="participant_status",
    ),
    path(
        "live/<str:code>/ideas/new/",
        participant_ideas_view,
        name="participant_ideas",
    ),
    path("live/<str:code>/ideas/", idea_submit_view, name="idea_submit"),
    path("live/<str:code>/votes/", votes_view, name="votes"),
    path("live/<str:code>/language/", language_view, name="language"),
]
