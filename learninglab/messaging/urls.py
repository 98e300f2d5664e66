from django.urls import path

from learninglab.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.outbox_view, name="outbox"),
    path("<int:pk>/", views.message_view, name="message"),
    path("<int:pk>/html/", views.message_html_view, name="message_html"),
    path("<int:pk>/attachments/<int:index>/", views.attachment_view, name="attachment"),
    # A content id may hold any character, "/" too.
    path("<int:pk>/images/<path:content_id>/", views.image_view, name="image"),
    path("<int:pk>/retry/", views.message_retry_view, name="retry"),
]
