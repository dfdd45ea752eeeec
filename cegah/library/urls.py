from django.urls import path

from cegah.library import views

app_name = "library"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/adopsi/", views.adopt, name="adopt"),
    path("<int:pk>/adaptasi/", views.adapt, name="adapt"),
    path("<int:pk>/penggunaan/", views.usage, name="usage"),
    path("<int:pk>/koleksi/", views.collect, name="collect"),
    path("kelola/", views.manage, name="manage"),
    path("kelola/baru/", views.item_new, name="new"),
    path("kelola/<int:pk>/ubah/", views.item_edit, name="edit"),
    path("kelola/<int:pk>/hapus/", views.item_delete, name="delete"),
    path("kelola/koleksi/", views.collections, name="collections"),
    path("kelola/koleksi/<int:pk>/", views.collection_detail, name="collection"),
]
