from django.urls import URLPattern, URLResolver

app_name = "integrity"

urlpatterns: list[URLPattern | URLResolver] = []
