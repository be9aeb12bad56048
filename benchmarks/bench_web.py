"""Response times of the web application's pages, in process (Django's test client; no network).

Run: .venv/bin/python benchmarks/bench_web.py [--dataset england-latest] [--repeat 10]
Prints the first request (profiles and ratings built) and the best of --repeat for each page after it.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dataset", default="england-latest")
    ap.add_argument("--year", default=None)
    ap.add_argument("--repeat", type=int, default=10)
    args = ap.parse_args()
    from csrating.web import state
    from csrating.web.settings import setup

    db = os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
    setup(f"sqlite:///{db}")
    state.choose(args.dataset, args.year)
    from django.test import Client

    client = Client()
    t0 = time.perf_counter()
    assert client.get("/").status_code == 200
    first = time.perf_counter() - t0
    la = state.engine().las()[0]
    print(f"dataset {args.dataset}, {len(state.engine().las())} LAs")
    print(f"first request (profiles and ratings built): {first:.3f} s")
    for name, url in (("ratings", "/"), ("LA page", f"/la/{la}/"), ("letter", f"/la/{la}/letter/"),
                      ("methodology", "/methodology/")):  # fmt: skip
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            assert client.get(url).status_code == 200, url
            times.append(time.perf_counter() - t)
        print(f"{name:12s} {min(times) * 1000:7.1f} ms (best of {args.repeat})")


if __name__ == "__main__":
    main()
