from django.urls import path

from cegah.reach import views

app_name = "reach"

urlpatterns = [
    path("", views.accounts, name="accounts"),
    path("<int:pk>/", views.account, name="account"),
    path("<int:pk>/hari/", views.add_day, name="add_day"),
    path("<int:pk>/impor/", views.import_days, name="import"),
    path("<int:pk>/target/", views.add_target, name="add_target"),
]
