# The two commands of the quick start, and a few more for developers.
.PHONY: run test install embedded bench lint

run:  ## install everything, then run the main job on the embedded default dataset
	bash scripts/install.sh
	.venv/bin/csrating run

test:  ## install everything, then lint and run every test
	bash scripts/test.sh

install:
	bash scripts/install.sh

embedded:  ## rebuild the embedded datasets in data/ from ../shared/data/raw
	bash scripts/install.sh
	.venv/bin/python scripts/build_embedded.py

bench:  ## print every benchmark's figures (build, readers, profiles, ratings, letters, web pages, whole commands)
	bash scripts/install.sh
	.venv/bin/python benchmarks/bench_build.py
	.venv/bin/python benchmarks/bench_readers.py
	.venv/bin/python benchmarks/bench_profile.py
	.venv/bin/python benchmarks/bench_rating.py
	.venv/bin/python benchmarks/bench_letters.py
	.venv/bin/python benchmarks/bench_web.py
	.venv/bin/python benchmarks/bench_cli.py

lint:  ## ruff (lint and format) and mypy, as CI runs them
	bash scripts/install.sh
	.venv/bin/ruff check src tests scripts benchmarks
	.venv/bin/ruff format --check src tests scripts benchmarks
	.venv/bin/mypy
