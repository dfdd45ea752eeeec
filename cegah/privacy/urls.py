from __future__ import annotations

from django.urls import path

from cegah.privacy import views

app_name = "privacy"
urlpatterns = [
    path("data-saya/", views.my_data, name="my_data"),
    path("data-saya/ekspor/", views.export, name="export"),
    path("hapus-akun/", views.erase, name="erase"),
    path("hapus-akun/selesai/", views.erased, name="erased"),
    path("permintaan/", views.requests_list, name="requests"),
    path("log-akses/", views.access_log, name="access_log"),
    path("log-akses/csv/", views.access_log_csv, name="access_log_csv"),
]
