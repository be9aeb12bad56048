"""CLAIM-LA-INSPECTION: for each kind of inspection of the LA itself (joint area review, safeguarding and
looked after children, the single inspection framework, ILACS) the letter gives the month the inspection
was held (its end date, else its start date; its year alone where the record gives only the year,
``date_precision``; "published in" the month of its publication where the record gives no date of the
inspection itself) and its judgements grouped by grade, in that inspection's own grade words (with three
grades or more, the best in one sentence and the others in a second). Judgements in force from two
inspections of one kind are said inspection by inspection, the latest first; an inspection recorded under
two types that reads the same is said once. Source: the 2009 rating letters cite the joint area review and
the safeguarding and looked after children inspection (seeds/000, 001, 002, 004); the later inspection
frameworks are assumed to be cited the same way.
"""

from __future__ import annotations

from typing import Any

from csrating.letters.claims import ILACS_WORD, JUDGEMENT_WORD, Claim, check, inspection_when
from csrating.letters.quantify import join
from csrating.letters.rule import LetterContext
from csrating.rules import register


@register(
    "letter", "CLAIM-LA-INSPECTION", stage="settings-11", title="Inspections of the LA and their judgements"
)
def apply(ctx: LetterContext) -> list[Claim]:
    p = ctx.profile
    claims: list[Claim] = []
    aspect_words = {
        "safeguarding": "safeguarding",
        "looked_after": "services for looked after children",
        "ldd": "services for children and young people with learning difficulties and/or disabilities",
        "overall": "overall effectiveness",
        "in_care": "the experiences of children in care",
        "help_and_protection": "help and protection",
        "leaders": "the impact of leaders",
        "care_leavers": "the experiences of care leavers",
    }
    kinds = {
        "jar": "joint area review",
        "slac": "inspection of safeguarding and looked after children services",
        "ilacs_standard": "inspection of local authority children's services",
        "ilacs_short": "inspection of local authority children's services",
        "sif": "single inspection",
    }
    for kind, title in kinds.items():
        rows = [i for i in p.la_inspections if i["inspection_type"] == kind and i["grade"] is not None]
        if not rows:
            continue
        words = ILACS_WORD if kind.startswith(("ilacs", "sif")) else JUDGEMENT_WORD
        order = list(aspect_words)
        # one inspection per date held against the cut-off, the latest first; each named by its own month
        visits: dict[Any, list[dict[str, Any]]] = {}
        for i in sorted(rows, key=lambda i: order.index(i["aspect"]) if i["aspect"] in order else 99):
            visits.setdefault(i["date"], []).append(i)
        sentences = []
        for _, held in sorted(visits.items(), key=lambda kv: str(kv[0]), reverse=True):
            by_grade: dict[int, list[str]] = {}
            for i in held:
                if i["aspect"] in aspect_words:
                    by_grade.setdefault(i["grade"], []).append(aspect_words[i["aspect"]])
            if not by_grade:
                continue
            when = inspection_when(held)
            parts = [f"{join(a)} {words[g]}" for g, a in sorted(by_grade.items(), reverse=True)]
            sentence = f"The {title}{when} judged {join(parts)}."
            if len(parts) > 2:  # three grades or more: the best in one sentence, the rest in another
                sentence = f"The {title}{when} judged {parts[0]}. It judged {join(parts[1:])}."
            sentences.append(sentence)
        if not sentences:
            continue
        text = " ".join(sentences)
        same = [c for c in claims if c.text == text]
        if same:  # the same inspection recorded under two types (ILACS standard and short): said once
            same[0].checks.extend(
                check("la_inspection", f"{kind}:{i['aspect']}", "grade", eq=i["grade"]) for i in rows
                if i["aspect"] in aspect_words
            )  # fmt: skip
            continue
        claims.append(Claim(
            f"settings.la_inspection.{kind}", "settings", "CLAIM-LA-INSPECTION", text,
            {i["aspect"]: JUDGEMENT_WORD[i["grade"]] for i in rows},
            [check("la_inspection", f"{kind}:{i['aspect']}", "grade", eq=i["grade"]) for i in rows
             if i["aspect"] in aspect_words],
        ))  # fmt: skip
    return claims
