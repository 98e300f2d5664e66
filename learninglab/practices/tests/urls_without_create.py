"""The site's URLs without the page that creates a practice: the staff list then offers
no link to it."""

from django.urls import include, path

from config import urls as site
from learninglab.practices import urls as practices

urlpatterns = [
    path(
        "",
        include(
            (
                [pattern for pattern in practices.urlpatterns if pattern.name != "create"],
                "practices",
            )
        ),
    ),
    *[pattern for pattern in site.urlpatterns if getattr(pattern, "namespace", "") != "practices"],
]
