from django.urls import path

from captions.api import views

urlpatterns = [
    path("", views.CaptionListCreateView.as_view(), name="caption-list"),
    path("<int:pk>/", views.CaptionDetailView.as_view(), name="caption-detail"),
]
