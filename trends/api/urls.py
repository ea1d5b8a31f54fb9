from django.urls import path

from trends.api import views

urlpatterns = [
    path("", views.TrendListView.as_view(), name="trends-list"),
    path("<int:trend_id>/", views.TrendDetailView.as_view(), name="trends-detail"),
    path("sources/", views.SourceListView.as_view(), name="trends-sources"),
    path("refresh/", views.RefreshView.as_view(), name="trends-refresh"),
    path("watchlist/", views.WatchlistView.as_view(), name="trends-watchlist"),
    path("watchlist/<int:keyword_id>/", views.WatchKeywordView.as_view(), name="trends-watchlist-item"),
]
