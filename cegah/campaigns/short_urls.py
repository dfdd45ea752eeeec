"""`/s/<code>`: participants' short links, outside the language prefixes so they stay short."""

from django.urls import path

from cegah.campaigns import views

app_name = "short"

urlpatterns = [path("<str:code>", views.follow, name="follow")]
