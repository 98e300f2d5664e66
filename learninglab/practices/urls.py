from django.urls import path

from learninglab.practices.views.public import practice_catalogue_view, practice_public_view
from learninglab.practices.views.staff import practice_staff_list_view, practice_staff_view

app_name = "practices"
urlpatterns = [
    path("practices/", practice_catalogue_view, name="catalogue"),
    # Before "<slug>/", which would take it for a practice (whose slug is never "manage").
    path("practices/manage/", practice_staff_list_view, name="staff_list"),
    path("practices/<slug:slug>/", practice_public_view, name="detail"),
    path("practices/<slug:slug>/manage/", practice_staff_view, name="staff_detail"),
]
