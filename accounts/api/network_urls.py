from django.urls import path

from accounts.api import networks

urlpatterns = [path("", networks.NetworkListView.as_view(), name="network-list")]
