from __future__ import annotations

from django.test import Client
from django.urls import reverse

from cegah.forum.tests.factories import klaten_thread, signed_in
from cegah.test import Personas


def test_list_and_thread_pages_render(personas: Personas) -> None:
    t, _post = klaten_thread(personas)
    assert Client().get(reverse("forum:list")).status_code == 200
    assert Client().get(t.get_absolute_url()).status_code == 200
    assert signed_in(personas.citizen).get(t.get_absolute_url()).status_code == 200
    assert signed_in(personas.admin_a).get(t.get_absolute_url()).status_code == 200
    assert Client().get(reverse("forum:new")).status_code == 200
    assert signed_in(personas.citizen).get(reverse("forum:new")).status_code == 200
    assert signed_in(personas.kpk_officer).get(reverse("forum:queue")).status_code == 200
    assert signed_in(personas.citizen).get(reverse("forum:profile")).status_code == 200


def test_pages_in_english_and_indonesian(personas: Personas) -> None:
    klaten_thread(personas)
    english = Client().get("/en/diskusi/").content.decode()
    assert "Ask a question" in english and "Not yet answered" in english
    indonesian = Client().get("/diskusi/").content.decode()
    assert "Ajukan pertanyaan" in indonesian and "Belum dijawab" in indonesian
