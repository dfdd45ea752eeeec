"""State that several web nodes share through Redis: client limits, single-use proofs of work
and page views. Each "node" here is a fresh object on the same Redis database; the cluster
check in `.ci/run` (scripts/cluster-check.py) proves the same across real processes."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from django import forms

from cegah.lib import limiter
from cegah.lib.altcha import ProofOfWorkField
from cegah.reach import pageviews
from cegah.reach.models import PageView

REDIS_URL = "redis://127.0.0.1:6379/7"


@pytest.fixture
def shared_redis(settings: Any) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    yield client
    client.flushdb()


def test_a_limit_of_five_an_hour_allows_five_across_two_nodes(shared_redis: redis.Redis) -> None:
    assert isinstance(limiter.client_windows(), limiter.RedisWindows)
    node_a, node_b = limiter.RedisWindows(REDIS_URL), limiter.RedisWindows(REDIS_URL)
    window = ("COMPLAINTS_SUBMIT_RATE", "203.0.113.9", 5, 3600)
    allowed = [(node_a if n % 2 else node_b).hit_all([window]) is None for n in range(10)]
    assert allowed == [True] * 5 + [False] * 5
    assert 3500 < node_b.retry_after(*window) <= 3600
    # Another client has its own allowance.
    assert node_a.hit_all([("COMPLAINTS_SUBMIT_RATE", "203.0.113.10", 5, 3600)]) is None


def test_several_windows_count_all_or_none_on_redis(shared_redis: redis.Redis) -> None:
    node = limiter.RedisWindows(REDIS_URL)
    hourly, strict = ("submit", "c", 10, 3600), ("unproven", "c", 2, 3600)
    assert [node.hit_all([hourly, strict]) for _ in range(3)] == [None, None, 1]
    # The refused third attempt did not use up the wider limit.
    assert node.retry_after(*hourly) > 0
    assert [node.hit_all([hourly]) for _ in range(9)].count(None) == 8


def test_complaint_limits_use_redis_when_the_cache_is_redis(
    shared_redis: redis.Redis, rf: Any, settings: Any
) -> None:
    from cegah.complaints import ratelimit

    settings.COMPLAINTS_SUBMIT_RATE = "5/hour"
    request = rf.post("/keluhan/baru/", REMOTE_ADDR="198.51.100.4")
    assert [ratelimit.allow(request, "COMPLAINTS_SUBMIT_RATE") for _ in range(6)] == [
        *[True] * 5,
        False,
    ]
    assert shared_redis.keys("LIMITS*")  # the counts live in Redis
    # A new process (another node) sees the same counts.
    limiter._redis_windows.cache_clear()
    limiter._limiter.cache_clear()
    assert not ratelimit.allow(request, "COMPLAINTS_SUBMIT_RATE")
    assert ratelimit.retry_after(request, "COMPLAINTS_SUBMIT_RATE") > 0


def _payload(challenge: str) -> str:
    return base64.b64encode(json.dumps({"challenge": challenge}).encode()).decode()


def test_a_proof_of_work_is_accepted_once_across_nodes(shared_redis: redis.Redis) -> None:
    node_a, node_b = ProofOfWorkField(), ProofOfWorkField()
    node_a.replay_attack_protection(_payload("abc123"))
    with pytest.raises(forms.ValidationError) as refused:
        node_b.replay_attack_protection(_payload("abc123"))
    assert refused.value.code == "invalid"
    assert "sudah dipakai" in str(refused.value.messages[0])  # "already used"
    node_b.replay_attack_protection(_payload("def456"))  # another challenge passes
    with pytest.raises(forms.ValidationError):
        node_a.replay_attack_protection("not base64 json")


@pytest.mark.django_db
def test_page_views_of_all_nodes_meet_in_redis_and_one_flush_writes_them(
    shared_redis: redis.Redis, settings: Any
) -> None:
    settings.PAGEVIEWS_FLUSH_SECONDS = 3600
    pageviews.flush()
    PageView.objects.all().delete()
    for _ in range(3):
        pageviews.count("/")
    pageviews.count("/keluhan/lacak/")
    # Nothing stays in this process: another node's flush would see every count.
    assert not pageviews._counts
    assert len(shared_redis.hgetall(pageviews.REDIS_KEY)) == 2
    assert pageviews.flush() == 2
    assert PageView.objects.get(path="/").views == 3
    assert not shared_redis.exists(pageviews.REDIS_KEY)
    assert pageviews.flush() == 0  # a second flush finds nothing to add twice


@pytest.mark.django_db
def test_page_views_are_kept_in_memory_while_redis_does_not_answer(settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    settings.PAGEVIEWS_FLUSH_SECONDS = 3600
    PageView.objects.all().delete()
    pageviews.count("/berita/")
    pageviews.count("/berita/")
    assert sum(pageviews._counts.values()) == 2
    assert pageviews.flush() == 1
    assert PageView.objects.get(path="/berita/").views == 2
