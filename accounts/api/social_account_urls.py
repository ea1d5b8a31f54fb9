from django.urls import path

from accounts.api import pending_connections, social_accounts

urlpatterns = [
    path("", social_accounts.SocialAccountListView.as_view(), name="social-account-list"),
    path("<int:pk>/", social_accounts.SocialAccountDetailView.as_view(), name="social-account-detail"),
    path(
        "pending/<uuid:pk>/",
        pending_connections.PendingConnectionView.as_view(),
        name="social-account-pending-connection",
    ),
]
