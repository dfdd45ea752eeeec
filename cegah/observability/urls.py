from __future__ import annotations

from django.urls import path

from cegah.observability import views

app_name = "observability"

# Mounted at the site's root, outside the language prefixes (cegah/urls.py).
urlpatterns = [
    path("metrics", views.metrics, name="metrics"),
]
