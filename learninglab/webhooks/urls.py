from django.urls import path

from learninglab.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.subscription_list_view, name="list"),
    path("new/", views.subscription_create_view, name="create"),
    path("<int:pk>/", views.subscription_detail_view, name="detail"),
    path("<int:pk>/edit/", views.subscription_edit_view, name="edit"),
    path("<int:pk>/secret/", views.subscription_rotate_view, name="rotate"),
    path("<int:pk>/delete/", views.subscription_delete_view, name="delete"),
    path("<int:pk>/test/", views.subscription_test_view, name="test"),
    path("deliveries/<int:pk>/resend/", views.delivery_resend_view, name="resend"),
]
