from django.urls import URLPattern, URLResolver, path

from cegah.integrity import views

app_name = "integrity"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("peringkat/", views.ranking, name="ranking"),
    path("provinsi/<str:code>/", views.province, name="province"),
    path("program/<str:code>/", views.programme, name="programme"),
    path("program/<str:code>/<int:pk>/", views.participant, name="participant"),
    path("kelola/program/<int:pk>/penilaian/", views.record_assessment, name="record_assessment"),
    path("kelola/", views.manage, name="manage"),
    path("kelola/impor/", views.import_scores, name="import"),
    path("kelola/impor/<int:pk>/", views.batch, name="batch"),
    path("kelola/koreksi/<int:pk>/tinjau/", views.review, name="review"),
    path("kelola/koreksi/<str:code>/", views.correct, name="correct"),
    path("<str:code>/", views.government, name="government"),
]
