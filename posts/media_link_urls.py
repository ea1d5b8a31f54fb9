from django.urls import path

from posts.media_link_views import media_link

urlpatterns = [path("<str:token>/<str:filename>", media_link, name="media-link")]
