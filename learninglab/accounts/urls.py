from django.urls import path

from learninglab.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_otp_view, name="login_otp"),
    path("login/two-factor/", views.enrol_view, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("security/", views.security_view, name="security"),
    path("security/two-factor/start/", views.two_factor_start_view, name="two_factor_start"),
    path("security/two-factor/confirm/", views.two_factor_confirm_view, name="two_factor_confirm"),
    path("security/backup-codes/", views.backup_codes_view, name="backup_codes"),
    path("security/two-factor/disable/", views.two_factor_disable_view, name="two_factor_disable"),
    path("security/api-tokens/", views.api_token_create_view, name="api_token_create"),
    path(
        "security/api-tokens/<int:pk>/revoke/",
        views.api_token_revoke_view,
        name="api_token_revoke",
    ),
]
