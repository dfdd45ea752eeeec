from django.urls import URLPattern, URLResolver

app_name = "chat_hooks"

urlpatterns: list[URLPattern | URLResolver] = []
