from django.urls import URLPattern, URLResolver

app_name = "assistant"

urlpatterns: list[URLPattern | URLResolver] = []
