from django.urls import path

from cegah.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tentang/", views.about, name="about"),
]
