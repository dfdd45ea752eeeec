from django.urls import path

from cegah.factchecks import views

app_name = "factchecks"

# Fact-checkers' actions on a claim: (view name, path segment).
_STAFF_ACTIONS = [
    ("assign", "tugaskan"),
    ("start", "mulai"),
    ("out_of_scope", "di-luar-cakupan"),
    ("reopen", "buka-kembali"),
    ("note", "catatan"),
    ("verdict", "putusan"),
    ("publish", "terbitkan"),
    ("request_review", "minta-tinjauan"),
    ("approve", "setujui"),
    ("return", "kembalikan"),
    ("unpublish", "tarik"),
]

urlpatterns = [
    path("", views.archive, name="archive"),
    path("kirim/", views.submit, name="submit"),
    path("terkirim/", views.receipt, name="receipt"),
    path("periksa/", views.check, name="check"),
    path("antrean/", views.queue, name="queue"),
    path("kebijakan-tinjauan/", views.review_policy, name="review_policy"),
    path("antrean/<int:pk>/", views.staff_detail, name="staff_detail"),
    path(
        "antrean/<int:pk>/gambar/<int:submission_pk>/",
        views.submission_image,
        name="submission_image",
    ),
    *[
        path(f"antrean/<int:pk>/{segment}/", views.staff_action, {"action": name}, name=name)
        for name, segment in _STAFF_ACTIONS
    ],
    path("<slug:slug>/", views.detail, name="detail"),
]
