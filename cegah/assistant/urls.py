from django.urls import URLPattern, URLResolver, path

from cegah.assistant import views

app_name = "assistant"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("staf/", views.staff, name="staff"),
    path("staf/pertanyaan/<int:pk>/selesai/", views.dismiss, name="dismiss"),
    path("<slug:slug>/", views.entry, name="entry"),
]
