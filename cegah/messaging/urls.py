from django.urls import path

from cegah.messaging import views

app_name = "messaging"

urlpatterns = [
    path("webhook/", views.telegram_webhook, name="telegram_webhook"),
]
