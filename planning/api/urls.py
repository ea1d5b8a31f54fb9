from django.urls import path

from planning.api import views

urlpatterns = [
    path("", views.QueueAddView.as_view(), name="queue-add"),
    path("<int:account_id>/", views.QueueView.as_view(), name="queue-detail"),
    path("<int:account_id>/slots/", views.SlotsView.as_view(), name="queue-slots"),
    path("<int:account_id>/order/", views.QueueOrderView.as_view(), name="queue-order"),
    path("<int:account_id>/shuffle/", views.QueueShuffleView.as_view(), name="queue-shuffle"),
    path("<int:account_id>/pause/", views.QueuePauseView.as_view(), name="queue-pause"),
    path("<int:account_id>/resume/", views.QueueResumeView.as_view(), name="queue-resume"),
    path("<int:account_id>/reslot/", views.QueueReslotView.as_view(), name="queue-reslot"),
]
