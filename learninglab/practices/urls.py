from django.urls import path

from learninglab.practices.views.export import practices_export_view
from learninglab.practices.views.public import practice_public_view
from learninglab.practices.views.staff import practice_staff_view
from learninglab.practices.views.transfer import (
    partner_transfers_view,
    transfer_record_view,
    transfer_remove_view,
)

app_name = "practices"
urlpatterns = [
    path("practices/export.<str:fmt>", practices_export_view, name="export"),
    # The transfer log: per partner, and on each published practice
    path("practices/transfers/<slug:partner_slug>/", partner_transfers_view, name="transfers"),
    path("practices/transfers/<int:pk>/remove/", transfer_remove_view, name="transfer_remove"),
    path("practices/<slug:slug>/transfers/", transfer_record_view, name="transfer_record"),
    path("practices/<slug:slug>/", practice_public_view, name="detail"),
    path("practices/<slug:slug>/manage/", practice_staff_view, name="staff_detail"),
]
