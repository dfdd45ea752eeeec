"""The forum's thread list with 1,000,000 posts on PostgreSQL: p95 of GET /diskusi/ (the whole
page, rendered) and GET /api/v1/forum/threads, plain, filtered and searched.

Creates its own database `cegah_bench_forum` on 127.0.0.1 (dropped afterwards unless
--keep-db), migrates it, makes 10 regencies with their governments and 10 units each, 10,000
people, then 100,000 threads and 1,000,000 posts (each thread: its opening post and nine
replies) with `INSERT … SELECT … FROM generate_series`. Each thread's `search_terms` is one of
40 realistic questions run through the site's analyzer (`cegah.lib.textanalysis.analyse`) in
Python, plus a rare term of its own, so the GIN index over `search_vector` sees a realistic mix
of common and rare terms. After ANALYZE it times each list variant through Django's test
client in this process (middleware, view, queries and template: the server's work without the
network), 5 warm-up and `--requests` timed requests each, and counts the queries.

Usage: .venv/bin/python bench/forum_threads.py [--threads 100000] [--posts-per-thread 10]
       [--requests 200] [--keep-db]
Exit status: 0, or 1 when a variant's p95 is over 100 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NAME = "cegah_bench_forum"
URL = f"postgres://postgres@127.0.0.1:5432/{NAME}"
TARGET_P95_MS = 100.0

QUESTIONS = [
    "Apakah parsel Lebaran dari wali murid termasuk gratifikasi yang wajib dilaporkan?",
    "Pungutan liar saat mengurus KTP elektronik di kantor kecamatan",
    "Biaya resmi pembuatan akta kelahiran di Dinas Dukcapil berapa?",
    "Petugas meminta uang pelicin untuk mempercepat izin usaha",
    "Guru honorer diminta setoran agar diangkat menjadi PPPK",
    "Uang terima kasih setelah pelayanan di puskesmas, bolehkah?",
    "Pungli parkir di objek wisata pantai, siapa yang berwenang menertibkan?",
    "Bantuan sosial dipotong oleh pendamping desa, ke mana melapor?",
    "Kepala desa menerima hadiah dari kontraktor proyek jalan desa",
    "Biaya legalisir ijazah di sekolah negeri apakah gratis?",
    "Sumbangan pembangunan sekolah yang diwajibkan kepada orang tua murid",
    "Tiket masuk rumah sakit daerah untuk penunggu pasien resmi atau tidak",
    "Cara melaporkan gratifikasi melalui aplikasi GOL KPK",
    "Batas nilai hadiah pernikahan pegawai negeri yang tidak wajib dilaporkan",
    "Pungutan untuk surat keterangan tidak mampu di kelurahan",
    "Pengurusan sertifikat tanah di kantor pertanahan dimintai biaya tambahan",
    "Apakah honor narasumber dari instansi lain termasuk gratifikasi?",
    "Penerimaan siswa baru dengan uang titipan kepada panitia",
    "Retribusi pasar naik tanpa peraturan daerah yang jelas",
    "Oknum polisi meminta uang damai saat razia kendaraan",
    "Pengadaan barang di dinas kesehatan diduga digelembungkan",
    "Dana BOS digunakan untuk kegiatan yang tidak sesuai aturan",
    "Biaya uji KIR kendaraan niaga di dinas perhubungan",
    "Perjalanan dinas fiktif di kantor kecamatan, bagaimana melaporkan?",
    "Apakah voucher belanja dari rekanan harus ditolak?",
    "Izin mendirikan bangunan dipersulit kecuali membayar lebih",
    "Pegawai meminta imbalan untuk mempercepat pencairan dana desa",
    "Kampanye antikorupsi di sekolah, materi apa yang tersedia?",
    "Nilai indeks integritas kabupaten kami turun, apa artinya?",
    "Pengaduan saya tidak ditanggapi lebih dari tiga puluh hari",
    "Fasilitas menginap gratis dari vendor untuk pejabat dinas",
    "Tarif resmi pelayanan paspor dan calo di kantor imigrasi",
    "Potongan gaji pegawai untuk iuran yang tidak jelas dasarnya",
    "Uang rokok untuk petugas pemadam kebakaran setelah memadamkan api",
    "Pungutan dalam pembagian pupuk bersubsidi oleh kelompok tani",
    "Sewa kios pasar daerah dibayar tanpa kuitansi resmi",
    "Calo penerimaan CPNS menjanjikan kelulusan dengan bayaran",
    "Apakah diskon khusus pegawai dari toko termasuk gratifikasi?",
    "Pengurusan SIM dengan biaya di atas tarif PNBP",
    "Honor kegiatan ganda untuk panitia yang sama di satu dinas",
]
REPLIES = [
    "Saya juga mengalami hal serupa bulan lalu di kantor yang sama.",
    "Sebaiknya disimpan bukti pembayaran dan dilaporkan ke inspektorat.",
    "Menurut aturan layanan itu gratis, jangan mau membayar.",
    "Terima kasih sudah bertanya, saya ikut menunggu jawaban resminya.",
]
REGENCIES = [
    "33.10",
    "33.71",
    "33.72",
    "51.71",
    "51.03",
    "31.71",
    "32.73",
    "35.78",
    "73.71",
    "12.71",
]


def run(command: list[str], env: dict[str, str] | None = None) -> str:
    out = subprocess.run(  # noqa: S603 -- fixed commands
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if out.returncode:
        sys.stderr.write(out.stdout[-2000:] + out.stderr[-4000:])
        raise SystemExit(2)
    return out.stdout


def child_env() -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="cegah.settings", DATABASE_URL=URL)
    env.pop("CEGAH_ENV", None)
    env.setdefault("SECRET_KEY", "bench")
    return env


def prepare(threads: int, per_thread: int) -> dict[str, float]:
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from cegah.accounts.models import User
    from cegah.agencies.models import Agency, AgencyType, UnitKind
    from cegah.lib.textanalysis import analyse
    from cegah.regions.actions import ensure_region

    started = time.monotonic()
    if not Agency.objects.filter(code="kpk").exists():
        Agency.objects.create(code="kpk", name="KPK", type=AgencyType.KPK)
    for code in REGENCIES:
        region = ensure_region(code)
        government, _ = Agency.objects.get_or_create(
            code=f"bench-{code}",
            defaults={
                "name": f"Pemkab {region.name}",
                "type": AgencyType.REGENCY_GOVERNMENT,
                "region": region,
            },
        )
        for i in range(10):
            Agency.objects.get_or_create(
                code=f"bench-{code}-{i}",
                defaults={
                    "name": f"Unit {i} {region.name}",
                    "type": AgencyType.UNIT,
                    "unit_kind": UnitKind.OTHER,
                    "parent": government,
                    "region": region,
                },
            )
    if User.objects.count() < 10_000:
        password = make_password(None)
        User.objects.bulk_create(
            [User(email=f"bench{i}@example.org", password=password) for i in range(10_000)],
            batch_size=2000,
            ignore_conflicts=True,
        )
    terms = [f" {analyse(q)} " for q in QUESTIONS]
    setup_s = time.monotonic() - started
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE forum_post, forum_thread RESTART IDENTITY CASCADE")
        cursor.execute(
            """
            WITH users AS (SELECT array_agg(id ORDER BY id) a FROM accounts_user),
                 ags AS (SELECT array_agg(id ORDER BY id) a FROM agencies_agency WHERE code LIKE 'bench-%%'),
                 regs AS (SELECT array_agg(code ORDER BY code) a FROM regions_region WHERE level = 2)
            INSERT INTO forum_thread (title, topic, region_id, agency_id, author_id, is_public,
                created_at, last_activity_at, answered_at, answer_due, support_count, reply_count,
                search_terms)
            SELECT
                (%(titles)s::text[])[1 + i %% %(nq)s] || ' #' || i,
                (ARRAY['gratifikasi','pungli','layanan','kampanye','integritas','pengaduan','lainnya'])[1 + i %% 7],
                CASE WHEN abs(hashtext('n' || i)) %% 5 = 0 THEN NULL
                     ELSE regs.a[1 + abs(hashtext('r' || i)) %% cardinality(regs.a)] END,
                CASE WHEN abs(hashtext('m' || i)) %% 7 = 0 THEN NULL
                     ELSE ags.a[1 + abs(hashtext('a' || i)) %% cardinality(ags.a)] END,
                users.a[1 + i %% cardinality(users.a)],
                i %% 50 <> 0,
                now() - (i || ' minutes')::interval * 6,
                now() - (i || ' minutes')::interval * 5,
                CASE WHEN i %% 5 < 2 THEN now() - (i || ' minutes')::interval * 5 END,
                (now() - (i || ' minutes')::interval * 6)::date + 7,
                i %% 13, %(replies)s,
                (%(terms)s::text[])[1 + i %% %(nq)s] || 'tanya' || (i %% 20000) || ' '
            FROM generate_series(1, %(n)s) AS i, users, ags, regs
            """,
            {
                "titles": QUESTIONS,
                "terms": terms,
                "nq": len(QUESTIONS),
                "n": threads,
                "replies": per_thread - 1,
            },
        )
        cursor.execute(
            """
            WITH users AS (SELECT array_agg(id ORDER BY id) a FROM accounts_user)
            INSERT INTO forum_post (thread_id, author_id, body, is_opening, status, held_reason,
                flag_count, created_at, form_token)
            SELECT t.id, users.a[1 + (t.id * 7 + k) %% cardinality(users.a)],
                CASE WHEN k = 0 THEN t.title ELSE (%(replies)s::text[])[1 + k %% 4] END,
                k = 0,
                CASE WHEN t.is_public OR k > 0 THEN 'published' ELSE 'held' END,
                '', 0, t.created_at + (k || ' hours')::interval, ''
            FROM forum_thread t, generate_series(0, %(per)s - 1) AS k, users
            """,
            {"replies": REPLIES, "per": per_thread},
        )
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM forum_post")
        posts = cursor.fetchone()[0]
    return {
        "setup_s": round(setup_s, 1),
        "insert_s": round(time.monotonic() - started, 1),
        "posts": posts,
    }


def measure(requests: int) -> list[dict[str, object]]:
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    variants = [
        ("page 1", "/diskusi/"),
        ("page 40", "/diskusi/?page=40"),
        ("topic", "/diskusi/?topik=pungli"),
        ("region (province 33)", "/diskusi/?wilayah=33"),
        ("agency with units", "/diskusi/?instansi=bench-33.10"),
        ("not yet answered", "/diskusi/?status=belum"),
        ("search: common term", "/diskusi/?q=pungli"),
        ("search: two terms", "/diskusi/?q=parsel+lebaran"),
        ("search: rare term", "/diskusi/?q=tanya1234"),
        ("search + topic + unanswered", "/diskusi/?q=gratifikasi&topik=gratifikasi&status=belum"),
        ("search: no match", "/diskusi/?q=zzzzqqq"),
        ("API page 1", "/api/v1/forum/threads"),
        ("API search + region", "/api/v1/forum/threads?q=biaya&region=33"),
    ]
    results = []
    for label, url in variants:
        for _ in range(5):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        executed: list[str] = []

        def count(run: Any, sql: str, *rest: Any, executed: list[str] = executed) -> Any:
            executed.append(sql)
            return run(sql, *rest)

        with connection.execute_wrapper(count):
            client.get(url)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        results.append(
            {
                "variant": label,
                "url": url,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
                "max_ms": round(times[-1], 1),
                "queries": len(executed),
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=100_000)
    parser.add_argument("--posts-per-thread", type=int, default=10)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--child", choices=["prepare", "measure"])
    args = parser.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        if args.child == "prepare":
            print(json.dumps(prepare(args.threads, args.posts_per_thread)))
        else:
            import django
            from django.conf import settings

            django.setup()
            # No collectstatic for a bench: plain static names instead of the manifest's.
            from django.test.utils import override_settings

            plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
            with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
                print(json.dumps(measure(args.requests)))
        return
    python = sys.executable
    exists = NAME in run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SELECT datname FROM pg_database"]
    )
    if not exists:
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", NAME])
    try:
        env = child_env()
        started = time.monotonic()
        run([python, "manage.py", "migrate", "--noinput"], env=env)
        migrate_s = round(time.monotonic() - started, 1)
        prepared = json.loads(
            run([python, __file__, "--child", "prepare", "--threads", str(args.threads),
                 "--posts-per-thread", str(args.posts_per_thread)], env=env).splitlines()[-1]
        )  # fmt: skip
        results = json.loads(
            run(
                [python, __file__, "--child", "measure", "--requests", str(args.requests)], env=env
            ).splitlines()[-1]
        )
    finally:
        if not args.keep_db:
            run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", NAME])
    print(f"PostgreSQL, {prepared['posts']:,} posts in {args.threads:,} threads "
          f"(migrate {migrate_s} s, setup {prepared['setup_s']} s, insert {prepared['insert_s']} s); "
          f"{args.requests} timed requests each, in process\n")  # fmt: skip
    print("| variant | p50 ms | p95 ms | max ms | queries |")
    print("|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['variant']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['queries']} |"
        )
    worst = max(float(r["p95_ms"]) for r in results)  # type: ignore[arg-type]
    print(f"\nworst p95: {worst} ms (target ≤ {TARGET_P95_MS} ms)")
    raise SystemExit(0 if worst <= TARGET_P95_MS else 1)


if __name__ == "__main__":
    main()
