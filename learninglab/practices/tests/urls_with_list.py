"""The site's URLs with a stand-in for the practices' staff list, which another part of
the project provides: the navigation links it once it is there."""

from django.http import HttpResponse
from django.urls import include, path

from config import urls as site
from learninglab.practices import urls as practices

urlpatterns = [
    path(
        "",
        include(
            (
                [
                    path("practices/manage/", lambda request: HttpResponse(), name="staff_list"),
                    *practices.urlpatterns,
                ],
                "practices",
            )
        ),
    ),
    *[pattern for pattern in site.urlpatterns if getattr(pattern, "namespace", "") != "practices"],
]
