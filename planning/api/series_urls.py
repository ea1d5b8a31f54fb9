from django.urls import path

from planning.api import views

urlpatterns = [
    path("", views.SeriesListView.as_view(), name="series-list"),
    path("<int:pk>/", views.SeriesDetailView.as_view(), name="series-detail"),
    path("<int:pk>/stop/", views.SeriesStopView.as_view(), name="series-stop"),
]
