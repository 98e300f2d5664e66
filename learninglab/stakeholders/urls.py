from django.urls import path

from learninglab.stakeholders import views, views_import

app_name = "stakeholders"
urlpatterns = [
    path("", views.stakeholder_list_view, name="list"),
    path("export.<str:fmt>", views.stakeholder_export_view, name="export"),
    path("new/", views.stakeholder_create_view, name="create"),
    path("<int:pk>/", views.stakeholder_detail_view, name="detail"),
    path("<int:pk>/edit/", views.stakeholder_edit_view, name="edit"),
    path("<int:pk>/consent/", views.consent_record_view, name="consent"),
    path("<int:pk>/merge/", views.stakeholder_merge_view, name="merge"),
    path("<int:pk>/data.json", views.stakeholder_data_export_view, name="data_export"),
    path("<int:pk>/erase/", views.stakeholder_erase_view, name="erase"),
    path("import/", views_import.import_upload_view, name="import"),
    path("import/<int:pk>/", views_import.import_preview_view, name="import_preview"),
    path("import/<int:pk>/commit/", views_import.import_commit_view, name="import_commit"),
]
