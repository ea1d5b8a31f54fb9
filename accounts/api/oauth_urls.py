from django.urls import path

from accounts.api import oauth

urlpatterns = [
    path("connect/<str:network>/", oauth.ConnectView.as_view(), name="social-account-connect"),
    path("callback/<str:network>/", oauth.CallbackView.as_view(), name="social-account-callback"),
]
