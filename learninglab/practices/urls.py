from django.urls import path

from learninglab.practices.views.export import practices_export_view
from learninglab.practices.views.public import (
    practice_catalogue_view,
    practice_map_view,
    practice_public_view,
    public_document_view,
    public_image_view,
)
from learninglab.practices.views.staff import (
    document_add_view,
    document_remove_view,
    document_view,
    image_add_view,
    image_remove_view,
    image_view,
    practice_approve_view,
    practice_create_view,
    practice_decline_view,
    practice_edit_view,
    practice_return_view,
    practice_staff_list_view,
    practice_staff_view,
    practice_submit_view,
    practice_unpublish_view,
    practice_validate_view,
)
from learninglab.practices.views.transfer import (
    partner_transfers_view,
    transfer_record_view,
    transfer_remove_view,
)

app_name = "practices"
urlpatterns = [
    path("practices/", practice_catalogue_view, name="catalogue"),
    path("practices/manage/", practice_staff_list_view, name="staff_list"),
    path("practices/map/", practice_map_view, name="map"),
    # Staff pages (before the practice's address, which would take "new" for a slug)
    path("practices/new/", practice_create_view, name="create"),
    path("practices/<slug:slug>/edit/", practice_edit_view, name="edit"),
    path("practices/export.<str:fmt>", practices_export_view, name="export"),
    # The transfer log: per partner, and on each published practice
    path("practices/transfers/<slug:partner_slug>/", partner_transfers_view, name="transfers"),
    path("practices/transfers/<int:pk>/remove/", transfer_remove_view, name="transfer_remove"),
    path("practices/<slug:slug>/transfers/", transfer_record_view, name="transfer_record"),
    path("practices/<slug:slug>/manage/", practice_staff_view, name="staff_detail"),
    path("practices/<slug:slug>/submit/", practice_submit_view, name="submit"),
    path("practices/<slug:slug>/return/", practice_return_view, name="return"),
    path("practices/<slug:slug>/approve/", practice_approve_view, name="approve"),
    path("practices/<slug:slug>/decline/", practice_decline_view, name="decline"),
    path("practices/<slug:slug>/validate/", practice_validate_view, name="validate"),
    path("practices/<slug:slug>/unpublish/", practice_unpublish_view, name="unpublish"),
    path("practices/<slug:slug>/manage/images/", image_add_view, name="image_add"),
    path("practices/<slug:slug>/manage/images/<int:pk>/", image_view, name="image"),
    path(
        "practices/<slug:slug>/manage/images/<int:pk>/remove/",
        image_remove_view,
        name="image_remove",
    ),
    path("practices/<slug:slug>/manage/documents/", document_add_view, name="document_add"),
    path("practices/<slug:slug>/manage/documents/<int:pk>/", document_view, name="document"),
    path(
        "practices/<slug:slug>/manage/documents/<int:pk>/remove/",
        document_remove_view,
        name="document_remove",
    ),
    # Public pages
    path("practices/<slug:slug>/", practice_public_view, name="detail"),
    path("practices/<slug:slug>/images/<int:pk>/", public_image_view, name="public_image"),
    path("practices/<slug:slug>/documents/<int:pk>/", public_document_view, name="public_document"),
]
