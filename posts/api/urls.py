from django.urls import path

from posts.api import views

urlpatterns = [
    path("media/", views.MediaListView.as_view(), name="media-list"),
    path("media/<int:pk>/", views.MediaDetailView.as_view(), name="media-detail"),
    path("posts/", views.PostListView.as_view(), name="post-list"),
    path("posts/<int:pk>/", views.PostDetailView.as_view(), name="post-detail"),
    path("posts/<int:pk>/publish-now/", views.PostPublishNowView.as_view(), name="post-publish-now"),
    path("posts/<int:pk>/duplicate/", views.PostDuplicateView.as_view(), name="post-duplicate"),
    path("posts/<int:pk>/cancel/", views.PostCancelView.as_view(), name="post-cancel"),
    path("deliveries/<int:pk>/retry/", views.DeliveryRetryView.as_view(), name="delivery-retry"),
    path("deliveries/<int:pk>/cancel/", views.DeliveryCancelView.as_view(), name="delivery-cancel"),
    path("deliveries/retry/", views.DeliveryBulkRetryView.as_view(), name="delivery-bulk-retry"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
]
