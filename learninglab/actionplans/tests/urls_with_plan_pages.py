"""The site's URLs with stand-ins for the plan's pages that other parts of the project
provide (the plans, a plan, an action, a plan's public page), where they are missing:
the provenance links to them."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from config import urls as site
from learninglab.actionplans import urls as actionplans


def _stand_in(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse()


_stand_ins = [
    path("action-plans/", _stand_in, name="plans"),
    path("action-plans/<slug:slug>/", _stand_in, name="plan"),
    path("action-plans/<slug:slug>/actions/<int:pk>/", _stand_in, name="action"),
    path("plans/<slug:slug>/", _stand_in, name="public_plan"),
]
_present = {pattern.name for pattern in actionplans.urlpatterns}

urlpatterns = [
    path(
        "",
        include(
            (
                [
                    *actionplans.urlpatterns,
                    *[pattern for pattern in _stand_ins if pattern.name not in _present],
                ],
                "actionplans",
            )
        ),
    ),
    *[
        pattern
        for pattern in site.urlpatterns
        if getattr(pattern, "namespace", "") != "actionplans"
    ],
]
