from django.urls import URLPattern, URLResolver, path

from cegah.offices import views

app_name = "offices"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("impor/", views.import_offices, name="import"),
    path("poster/", views.batch_posters, name="posters"),
    path("poster/<int:pk>/unduh/", views.batch_download, name="batch_download"),
    path("poster/<int:pk>/ulang/", views.refresh_batch, name="batch_again"),
    path("wilayah/<str:code>/", views.region, name="region"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/poster/<slug:service>/", views.poster, name="poster"),
]
