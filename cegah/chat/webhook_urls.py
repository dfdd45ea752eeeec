from django.urls import URLPattern, URLResolver, path

from cegah.chat import views

app_name = "chat_hooks"

urlpatterns: list[URLPattern | URLResolver] = [
    path("whatsapp", views.whatsapp_webhook, name="whatsapp"),
]
