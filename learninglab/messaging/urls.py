from django.urls import path

from learninglab.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.outbox_view, name="outbox"),
    path("<int:pk>/", views.message_view, name="message"),
    path("<int:pk>/html/", views.message_html_view, name="message_html"),
    path("<int:pk>/attachments/<int:index>/", views.attachment_view, name="attachment"),
    path("<int:pk>/retry/", views.message_retry_view, name="retry"),
]
