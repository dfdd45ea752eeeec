from django.urls import URLPattern, URLResolver, path

from cegah.chat import views

app_name = "chat"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ask, name="ask"),
]
