from django.urls import path

from cegah.gratification import views

app_name = "gratification"

# Staff actions, each at its own Indonesian address: (action, path segment).
_STAFF_ACTIONS = [
    ("return_by_upg", "kembalikan-upg"),
    ("forward_to_kpk", "teruskan"),
    ("return_by_kpk", "kembalikan-kpk"),
    ("verify", "verifikasi"),
    ("decide", "tetapkan"),
    ("handover", "serah-terima"),
    ("mark_letter_sent", "surat-terkirim"),
]

urlpatterns = [
    path("pengecualian/", views.exemptions, name="exemptions"),
    path("cek/", views.check, name="check"),
    path("cek/hasil/", views.check_result, name="check_result"),
    path("statistik/", views.statistics_page, name="statistics"),
    path("statistik/csv/", views.statistics_csv, name="statistics_csv"),
    path("statistik/xlsx/", views.statistics_xlsx, name="statistics_xlsx"),
    path("verifikasi/<str:digest>/", views.verify_decree, name="verify"),
    path("laporan/", views.report_list, name="report_list"),
    path("laporan/baru/", views.report_new, name="report_new"),
    path("laporan/upg/", views.upg_inbox, name="upg_inbox"),
    path("laporan/kpk/", views.kpk_inbox, name="kpk_inbox"),
    path("laporan/<int:pk>/", views.report_detail, name="report_detail"),
    path("laporan/<int:pk>/ubah/", views.report_edit, name="report_edit"),
    path("laporan/<int:pk>/kirim/", views.report_submit, name="report_submit"),
    path("laporan/<int:pk>/tanda-terima/", views.report_receipt, name="report_receipt"),
    path("laporan/<int:pk>/tanda-terima.pdf", views.report_receipt_pdf, name="report_receipt_pdf"),
    path("laporan/<int:pk>/keputusan/", views.decision_letter, name="decision_letter"),
    path("laporan/<int:pk>/keputusan.pdf", views.decision_letter_pdf, name="decision_letter_pdf"),
    path("laporan/<int:pk>/bukti/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    *(
        path(f"laporan/<int:pk>/{segment}/", views.staff_action, {"action": action}, name=action)
        for action, segment in _STAFF_ACTIONS
    ),
]
