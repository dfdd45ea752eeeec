from django.urls import URLPattern, URLResolver, path

from cegah.forum import views

app_name = "forum"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.thread_list, name="list"),
    path("baru/", views.new_thread, name="new"),
    path("<int:pk>/", views.thread_detail, name="thread"),
    path("<int:pk>/balas/", views.reply_view, name="reply"),
    path("<int:pk>/dukung/", views.support_view, name="support"),
    path("<int:pk>/ikuti/", views.follow_view, name="follow"),
    path("pos/<int:pk>/laporkan/", views.flag_view, name="flag"),
    path("moderasi/", views.queue_view, name="queue"),
    path("moderasi/<int:pk>/", views.moderate_view, name="moderate"),
    path("profil/", views.profile_view, name="profile"),
]
