from django.urls import path

from cegah.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("pilih/", views.picker_partial, name="picker"),
]
