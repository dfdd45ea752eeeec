from django.urls import URLPattern, URLResolver

app_name = "offices"

urlpatterns: list[URLPattern | URLResolver] = []
