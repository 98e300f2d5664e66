from django.urls import path

from learninglab.practices.views.public import practice_map_view, practice_public_view
from learninglab.practices.views.staff import practice_staff_view

app_name = "practices"
urlpatterns = [
    # Before the practices' own addresses, which the services keep from taking its name.
    path("practices/map/", practice_map_view, name="map"),
    path("practices/<slug:slug>/", practice_public_view, name="detail"),
    path("practices/<slug:slug>/manage/", practice_staff_view, name="staff_detail"),
]
