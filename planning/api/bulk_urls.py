from django.urls import path

from planning.api import views

urlpatterns = [path("", views.BulkView.as_view(), name="posts-bulk")]
