from django.urls import path

from planning.api import csv_views

urlpatterns = [
    path("import/", csv_views.ImportView.as_view(), name="csv-import"),
    path("export/", csv_views.ExportView.as_view(), name="csv-export"),
]
