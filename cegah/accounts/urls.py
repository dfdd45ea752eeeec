from django.urls import path

from cegah.accounts import views

app_name = "accounts"
urlpatterns = [
    path("profil/", views.profile, name="profile"),
    path("token/", views.create_token, name="create_token"),
    path("token/<int:token_id>/cabut/", views.revoke_token, name="revoke_token"),
]
