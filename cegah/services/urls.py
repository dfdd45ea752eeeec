from django.urls import URLPattern, URLResolver, path

from cegah.services import views

app_name = "services"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.check, name="check"),
    path("layanan/", views.service_list, name="services"),
    path("layanan/<slug:code>/", views.service_detail, name="service"),
]
