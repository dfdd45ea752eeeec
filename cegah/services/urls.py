from django.urls import URLPattern, URLResolver

app_name = "services"

urlpatterns: list[URLPattern | URLResolver] = []
