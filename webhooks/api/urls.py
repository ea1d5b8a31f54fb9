from django.urls import path

from webhooks.api import views

urlpatterns = [
    path("", views.EndpointListView.as_view(), name="webhook-list"),
    path("<int:endpoint_id>/", views.EndpointDetailView.as_view(), name="webhook-detail"),
    path("<int:endpoint_id>/test/", views.EndpointTestView.as_view(), name="webhook-test"),
    path("<int:endpoint_id>/deliveries/", views.EndpointDeliveriesView.as_view(), name="webhook-deliveries"),
    path(
        "<int:endpoint_id>/deliveries/<int:delivery_id>/", views.DeliveryDetailView.as_view(), name="webhook-delivery"
    ),
]
