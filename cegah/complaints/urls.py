from django.urls import path, register_converter

from cegah.complaints import views
from cegah.complaints.codes import TrackingCodeConverter

register_converter(TrackingCodeConverter, "trackingcode")

app_name = "complaints"

# Staff actions, each at its own Indonesian address: (action, path segment).
_STAFF_ACTIONS = [
    ("verify", "verifikasi"),
    ("return_for_information", "minta-informasi"),
    ("close", "tutup"),
    ("forward", "teruskan"),
    ("assign_unit", "tugaskan"),
    ("start_progress", "proses"),
    ("resolve", "selesaikan"),
    ("reject_authority", "bukan-wewenang"),
    ("reply", "balas"),
    ("add_note", "catatan"),
]

urlpatterns = [
    path("baru/", views.new, name="new"),
    path("tanda-terima/", views.receipt, name="receipt"),
    path("lacak/", views.track, name="track"),
    path("publik/", views.public_list, name="public_list"),
    path("statistik/", views.statistics, name="statistics"),
    path("verifikasi/", views.verifier_inbox, name="verifier_inbox"),
    path("instansi/", views.agency_inbox, name="agency_inbox"),
    path("kelola/<int:pk>/", views.staff_detail, name="staff_detail"),
    path(
        "kelola/<int:pk>/lampiran/<int:attachment_id>/",
        views.staff_attachment,
        name="staff_attachment",
    ),
    path("kelola/<int:pk>/akses-identitas/", views.identity_log, name="identity_log"),
    *(
        path(f"kelola/<int:pk>/{segment}/", views.staff_action, {"action": action}, name=action)
        for action, segment in _STAFF_ACTIONS
    ),
    path("<trackingcode:code>/", views.track_detail, name="track_detail"),
    path("<trackingcode:code>/tanggapi/", views.reporter_update, name="reporter_update"),
    path("<trackingcode:code>/buka-kembali/", views.reopen, name="reopen"),
    path("<trackingcode:code>/nilai/", views.rate, name="rate"),
    path(
        "<trackingcode:code>/lampiran/<int:attachment_id>/",
        views.public_attachment,
        name="public_attachment",
    ),
]
