"""The project's URL map: one include per domain app."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from learninglab.accounts.views import admin_login_view

urlpatterns = [
    path("", include("learninglab.core.urls")),
    path("", include("learninglab.projects.urls")),
    path("accounts/", include("learninglab.accounts.urls")),
    path("stakeholders/", include("learninglab.stakeholders.urls")),
    path("outbox/", include("learninglab.messaging.urls")),
    path("", include("learninglab.practices.urls")),
    path("", include("learninglab.labs.urls")),
    path("", include("learninglab.cocreation.urls")),
    path("", include("learninglab.reports.urls")),
    path("", include("learninglab.results.urls")),
    path("", include("learninglab.actionplans.urls")),
    path("", include("learninglab.indicators.urls")),
    path("api/", include("learninglab.api.urls")),
    path("webhooks/", include("learninglab.webhooks.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # The admin logs in through our login page, so two-factor and lockout apply there too.
    path("admin/login/", admin_login_view, name="admin-login"),
    path("admin/", admin.site.urls),
]

handler404 = "learninglab.core.views.page_not_found_view"
handler403 = "learninglab.core.views.permission_denied_view"
