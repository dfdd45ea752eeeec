from django.urls import path

from cegah.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tentang/", views.about, name="about"),
    # The news pages themselves are Wagtail's (`/berita/…`); the feeds are Django's.
    path("berita/rss/", views.news_rss, name="news_rss"),
    path("berita/atom/", views.news_atom, name="news_atom"),
]
