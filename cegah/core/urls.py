from django.urls import path

from cegah.core import workspace_views

app_name = "core"
urlpatterns = [
    path("ruang-kerja/", workspace_views.workspace, name="workspace"),
]
