"""Two workers sending at once never send the same delivery twice.

The workers are threads of a subprocess, each with its own connection to a database of
its own, of the test suite's kind (a SQLite file, or a new database on the PostgreSQL
server); the receiver is a real HTTP server that answers slowly, so that the workers'
batches overlap.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from learninglab.server_testing import (
    postgres_server_of,
    run_in_django,
    server_env,
    throwaway_database,
)

pytestmark = pytest.mark.xdist_group("servers")

_MODULE = "learninglab.webhooks.tests.test_concurrency"
DELIVERIES = 40
WORKERS = 2


def two_workers() -> None:
    """Queue the deliveries, send them from two threads at once; print what was received."""
    import json
    import threading
    from collections import Counter

    from django.core.management import call_command
    from django.db import connection

    from learninglab.factories import TimisoaraFactory
    from learninglab.webhooks.delivery import deliver_batch
    from learninglab.webhooks.models import Delivery
    from learninglab.webhooks.services import subscription_ping
    from learninglab.webhooks.tests.factories import subscribe
    from learninglab.webhooks.tests.receiver import receiver

    call_command("migrate", interactive=False, verbosity=0)
    errors: list[str] = []
    with receiver() as hook:
        hook.delay = 0.02
        subscription = subscribe(hook.url, partner=TimisoaraFactory())
        for _n in range(DELIVERIES):
            subscription_ping(actor=None, subscription=subscription)
        barrier = threading.Barrier(WORKERS)

        def work(n: int) -> None:
            try:
                barrier.wait(timeout=30)
                while deliver_batch(worker_id=f"worker-{n}", batch_size=3):
                    pass
            except Exception as error:  # reported to the test
                errors.append(repr(error))
            finally:
                connection.close()

        threads = [threading.Thread(target=work, args=(n,)) for n in range(WORKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    received = Counter(r.headers["Learning-Lab-Delivery"] for r in hook.requests)
    print(
        json.dumps(
            {
                "errors": errors,
                "received": dict(received),
                "states": dict(Counter(Delivery.objects.values_list("state", flat=True))),
                "attempts": sorted(set(Delivery.objects.values_list("attempts", flat=True))),
                "workers": sorted(set(Delivery.objects.values_list("claimed_by", flat=True))),
            }
        )
    )


@pytest.fixture
def own_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    postgres_server = postgres_server_of(settings.DATABASES["default"])
    with throwaway_database(tmp_path, postgres_server) as database_url:
        yield server_env(database_url, tmp_path, settings_module="config.settings.test")


def test_two_workers_never_send_the_same_delivery_twice(own_database):
    result = run_in_django(f"{_MODULE}:two_workers", own_database)

    assert result["errors"] == []
    assert len(result["received"]) == DELIVERIES
    assert set(result["received"].values()) == {1}
    assert result["states"] == {"succeeded": DELIVERIES}
    assert result["attempts"] == [1]
    assert result["workers"] == ["worker-0", "worker-1"]  # both took their share
