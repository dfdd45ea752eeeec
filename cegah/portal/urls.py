from django.urls import path

from cegah.portal import legal, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tentang/", views.about, name="about"),
    path("privasi/", legal.legal_page, {"name": "privacy"}, name="privacy"),
    path("aksesibilitas/", legal.legal_page, {"name": "accessibility"}, name="accessibility"),
    path("ketentuan/", legal.legal_page, {"name": "terms"}, name="terms"),
    # The news pages themselves are Wagtail's (`/berita/…`); the feeds are Django's.
    path("berita/rss/", views.news_rss, name="news_rss"),
    path("berita/atom/", views.news_atom, name="news_atom"),
]
