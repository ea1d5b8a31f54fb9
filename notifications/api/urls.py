from django.urls import path

from notifications.api import views

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="notification-list"),
    path("unread-count/", views.UnreadCountView.as_view(), name="notification-unread-count"),
    path("read-all/", views.NotificationReadAllView.as_view(), name="notification-read-all"),
    path("preferences/", views.PreferencesView.as_view(), name="notification-preferences"),
    path("<int:pk>/read/", views.NotificationReadView.as_view(), name="notification-read"),
]
