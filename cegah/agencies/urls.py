from django.urls import path

from cegah.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<slug:code>/", views.detail, name="detail"),
]
