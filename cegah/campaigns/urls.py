from django.urls import path

from cegah.campaigns import days, exports, views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("baru/", views.campaign_new, name="new"),
    path("nasional/", views.national, name="national"),
    path("saya/<str:token>/", views.personal, name="personal"),
    path("saya/<str:token>/pengingat/", views.personal_reminders, name="personal_reminders"),
    path("<int:pk>/", views.landing, name="landing"),
    path("<int:pk>/kelola/", views.campaign_detail, name="detail"),
    path("<int:pk>/ubah/", views.campaign_edit, name="edit"),
    path("<int:pk>/jadwal/", views.schedule_set, name="schedule_set"),
    path("<int:pk>/jadwal/<str:day>/", days.schedule_day, name="schedule_day"),
    path("<int:pk>/jadwal/<str:day>/hapus/", views.schedule_remove, name="schedule_remove"),
    path("<int:pk>/hari/<str:day>/", days.day_page, name="day"),
    path("<int:pk>/status/<str:name>/", views.transition, name="transition"),
    path("<int:pk>/ikut/", views.join, name="join"),
    path("<int:pk>/peserta/akun/", views.participants_from_accounts, name="from_accounts"),
    path("<int:pk>/peserta/impor/", views.participants_import, name="import"),
    path("<int:pk>/peserta/templat.xlsx", exports.participant_template, name="import_template"),
    path("<int:pk>/peserta/tautan.csv", views.participant_links, name="links"),
    path("<int:pk>/dasbor/", views.dashboard, name="dashboard"),
    path("<int:pk>/partisipasi.csv", exports.participation_csv, name="participation"),
    path("<int:pk>/laporan.xlsx", views.report_xlsx, name="report_xlsx"),
    path("<int:pk>/laporan.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/kalender.ics", views.calendar_feed, name="calendar"),
]
