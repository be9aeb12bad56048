"""Readability of every letter of a dataset and year (issue 11 point 7): sentences per letter, the mean and
longest sentence in words, sentences written twice in a letter, and raw labels or codes left in the text
("(%)", snake_case names, rule codes, template fields, placeholders). The narrative (the claims) is
measured by default; ``--whole`` measures every paragraph, fixed text included.

Run: .venv/bin/python benchmarks/bench_readability.py [--dataset england-latest] [--year 2025] [--whole]
     [--limit 40] [--show 5]
"""

from __future__ import annotations

import argparse
from collections import Counter

from csrating.apa.letter import build as build_apa
from csrating.apa.model import assess, assessed_las
from csrating.dataset import Dataset
from csrating.letters.letter import LetterParts, build
from csrating.letters.readability import measure, words
from csrating.methodology.loader import load
from csrating.rating.engine import RatingEngine


def letters_of(dataset: str, year: str) -> list[LetterParts]:
    ds = Dataset(dataset)
    if int(year) <= 2008:
        return [build_apa(assess(ds, la, int(year)), ds) for la in assessed_las(ds, int(year))]
    engine = RatingEngine(ds, load(year))
    return [build(p, engine.rate_profile(p), ds) for p in engine.profiles.build_all()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dataset", default="england-latest")
    ap.add_argument("--year", default="2025")
    ap.add_argument("--whole", action="store_true", help="every paragraph, not only the narrative")
    ap.add_argument("--limit", type=int, default=40, help="words: sentences over this are listed")
    ap.add_argument("--show", type=int, default=5, help="how many examples of each fault to print")
    args = ap.parse_args()
    letters = letters_of(args.dataset, args.year)
    results = [(lt, measure(lt, whole=args.whole)) for lt in letters]
    n_sent = [len(r.sentences) for _, r in results]
    all_sents = [s for _, r in results for s in r.sentences]
    mean = sum(words(s) for s in all_sents) / len(all_sents) if all_sents else 0.0
    longest = max(results, key=lambda x: x[1].longest) if results else None
    over = [(lt.la_code, s) for lt, r in results for s in r.over(args.limit)]
    repeated = [(lt.la_code, s) for lt, r in results for s in r.repeated]
    raw = Counter(kind for _, r in results for kind, _ in r.raw)
    raw_examples = [(lt.la_code, kind, t) for lt, r in results for kind, t in r.raw]
    part = "every paragraph" if args.whole else "the narrative (claims)"
    print(f"{args.dataset} {args.year}: {len(letters)} letters, {part}")
    if not letters:
        return
    print(f"sentences per letter: mean {sum(n_sent) / len(n_sent):.1f}, min {min(n_sent)}, max {max(n_sent)}")
    print(f"words per sentence: mean {mean:.1f}, longest {longest[1].longest if longest else 0}"
          f" ({longest[0].la_code if longest else '-'})")  # fmt: skip
    print(f"sentences over {args.limit} words: {len(over)} in {len({la for la, _ in over})} letters")
    for la, s in over[: args.show]:
        print(f"  {la} ({words(s)} words): {s}")
    print(f"repeated sentences: {len(repeated)} in {len({la for la, _ in repeated})} letters")
    for la, s in repeated[: args.show]:
        print(f"  {la}: {s}")
    print(f"raw labels or codes: {sum(raw.values())}" + (f" ({dict(raw)})" if raw else ""))
    for la, kind, t in raw_examples[: args.show]:
        print(f"  {la} {kind}: {t!r}")


if __name__ == "__main__":
    main()
