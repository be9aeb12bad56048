"""The pages. Each reads the engine (ratings, profiles, letters) and the application database (recorded
judgements); none computes a figure itself."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from csrating import pipeline, safe, store
from csrating.apa.letter import apa_letter_rules
from csrating.apa.model import assess, assessed_years
from csrating.enums import EcmOutcome, RatingGrade
from csrating.letters import render as letter_render
from csrating.letters.indicator_names import named_item
from csrating.letters.rule import letter_rules
from csrating.profile.evidence import coverage_line, dates_line, short_line, source_lines
from csrating.profile.export import flatten
from csrating.rating import export as rating_export
from csrating.rating.engine import distribution
from csrating.rating.judgement import JudgementRefused, record
from csrating.rules import KINDS, Rule, rules
from csrating.web import state


def _year(request: HttpRequest) -> str:
    """The methodology year the visitor chose (kept in the session), else the one served first."""
    chosen = request.session.get("year")
    return chosen if chosen in state.years() else state.default_year()


def common(request: HttpRequest) -> dict[str, Any]:
    """Context of every page (a template context processor): the dataset, the year and the years."""
    return _common(request)


def _common(request: HttpRequest) -> dict[str, Any]:
    e = state.engine(_year(request))
    return {
        "dataset": e.ds.name,
        "year": e.m.year,
        "years": state.years(),
        "title": e.m.title,
        "synthetic": e.ds.synthetic,
    }


def _rated(request: HttpRequest, code: str) -> tuple[Any, Any]:
    run = state.run(_year(request))
    if code not in run.las():
        raise Http404(f"no LA {code} in dataset {run.ds.name}")
    p = run.builder.build(code, inputs=False)
    j = store.latest_judgement(code, run.year, run.ds.name)
    return p, run.rate_profile(p, j)


def _ratings(request: HttpRequest) -> list[Any]:
    """Every LA's rating under the judgements in force (kept until a judgement is recorded)."""
    run = state.run(_year(request))
    return state.ratings(run.year, store.latest_judgements(run.year, run.ds.name))


def ratings_file(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every LA's rating as a table (CSV) or a workbook (cover, notes, ratings, distribution, trace)."""
    e = state.engine(_year(request))
    ratings = _ratings(request)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"ratings.{fmt}"
        if fmt == "csv":
            rating_export.write_csv(ratings, path)
            content_type = "text/csv; charset=utf-8"
        elif fmt == "xlsx":
            rating_export.write_xlsx(ratings, path, e.m.year, e.ds.name, e.ds.synthetic)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            raise Http404(f"no ratings format {fmt}")
        data = path.read_bytes()
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ratings-{e.ds.name}-{e.m.year}.{fmt}"'
    return response


def profile_file(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """An LA's profile: the whole of it with every input (JSON), or one tidy table (CSV)."""
    p, _ = _rated(request, code)
    if fmt == "json":
        response = HttpResponse(p.to_json(), content_type="application/json")
    elif fmt == "csv":
        flat = flatten(state.run(_year(request)).builder, [code])
        response = HttpResponse(safe.write_csv(flat), content_type="text/csv; charset=utf-8")
    else:
        raise Http404(f"no profile format {fmt}")
    response["Content-Disposition"] = f'attachment; filename="profile-{code}-{p.year}.{fmt}"'
    return response


def index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    rows = []
    ratings = _ratings(request)
    for p, r in zip(state.profiles(_year(request)), ratings, strict=True):
        if query and query.lower() not in f"{p.la_name} {p.la_code}".lower():
            continue
        allset = p.setting("all")
        rows.append(
            {
                "code": p.la_code,
                "name": p.la_name,
                "rating": r.label,
                "grade": r.grade,
                "judged": r.judgement is not None,
                "settings_pct": allset.good_or_better_pct,
                "completeness": round(100 * (p.completeness["overall"]["share"] or 0)),
                "evidence": short_line(r.evidence),
            }
        )
    first = ratings[0].evidence if ratings else {}
    context = {
        **_common(request),
        "rows": rows,
        "distribution": distribution(ratings),
        "query": query,
        "dates": dates_line(first) if first else "",
        "sources": source_lines(first),
    }
    return render(request, "web/index.html", context)


OUTCOME_NAMES = {o.value: o.label[:1].upper() + o.label[1:] for o in EcmOutcome}
EXTRA_NAMES = {"all": "All outcomes", "unassigned": "Not assigned to an outcome"}


def _indicators_by_outcome(p: Any) -> list[dict[str, Any]]:
    """Block B for the page: the profile's indicators (all pupils) by Every Child Matters outcome."""
    groups: dict[str, list[Any]] = {}
    for r in p.indicators:
        if r.in_profile and r.breakdown == "all":
            groups.setdefault(r.ecm_outcome or "unassigned", []).append(r)
    order = [*OUTCOME_NAMES, "unassigned"]
    return [
        {"code": o, "name": OUTCOME_NAMES.get(o, EXTRA_NAMES["unassigned"]), "rows": groups[o]}
        for o in order
        if o in groups
    ]


def la(request: HttpRequest, code: str) -> HttpResponse:
    p, r = _rated(request, code)
    e = state.engine(_year(request))
    context = {
        **_common(request),
        "p": p,
        "r": r,
        "apa_years": assessed_years(e.ds, code),
        "fired": [t for t in r.trace if t.fired],
        "history": store.history(code, e.m.year, e.ds.name),
        "shares": [
            {**s, "outcome_name": OUTCOME_NAMES.get(s["ecm_outcome"], EXTRA_NAMES.get(s["ecm_outcome"]))}
            for s in p.indicator_shares
            if s["indicators"]
        ],
        "outcomes": _indicators_by_outcome(p),
        "missing_indicators": [named_item(i) for i in p.completeness["indicators"]["missing"]],
        "coverage": coverage_line(r.evidence),
        "dates": dates_line(r.evidence),
        "sources": source_lines(r.evidence),
    }
    return render(request, "web/la.html", context)


def letter(request: HttpRequest, code: str) -> HttpResponse:
    p, r = _rated(request, code)
    return HttpResponse(letter_render.html(state.run(_year(request)).letter(p, r)))


FILES = {
    "pdf": ("application/pdf", letter_render.pdf),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", letter_render.docx),
    "md": ("text/markdown; charset=utf-8", letter_render.markdown),
    "claims.json": (
        "application/json",
        lambda letter: json.dumps(letter.claims_json(), indent=2, default=str),
    ),
}


def letter_file(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The rating letter as a file to download: PDF, Word, Markdown, or its claims."""
    if fmt not in FILES:
        raise Http404(f"no letter format {fmt}")
    p, r = _rated(request, code)
    content_type, make = FILES[fmt]
    response = HttpResponse(make(state.run(_year(request)).letter(p, r)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{code}-{r.year}.{fmt}"'
    return response


def _assessment(request: HttpRequest, code: str, year: int) -> Any:
    ds = state.engine(_year(request)).ds
    if year not in assessed_years(ds, code):
        raise Http404(f"dataset {ds.name} records no {year} APA for LA {code}")
    return assess(ds, code, year)


def apa(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """An annual performance assessment the dataset records: grades, rule APA-OVERALL's trace, the joint
    area review's recommendations, and any findings."""
    return render(request, "web/apa.html", {**_common(request), "a": _assessment(request, code, year)})


def apa_letter(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """An annual performance assessment letter the dataset records."""
    a = _assessment(request, code, year)
    return HttpResponse(letter_render.html(pipeline.apa_letter(state.run(_year(request)).ds, a)))


@require_http_methods(["POST"])
def choose_year(request: HttpRequest) -> HttpResponse:
    """Switch the methodology year the pages show; back to the page the visitor was on."""
    year = request.POST.get("year", "")
    if year in state.years():
        request.session["year"] = year
    back = request.POST.get("next") or "/"
    return redirect(back if back.startswith("/") and not back.startswith("//") else "/")


def judgements(request: HttpRequest) -> HttpResponse:
    """The professional judgements in force for the year, newest first, each against its LA's rating."""
    e = state.engine(_year(request))
    latest = store.latest_judgements(e.m.year, e.ds.name)
    names = {p.la_code: p.la_name for p in state.profiles(_year(request))}
    rows = sorted(latest.values(), key=lambda j: j["recorded_at"], reverse=True)
    for j in rows:
        j["la_name"] = names.get(j["la_code"], j["la_code"])
    return render(request, "web/judgements.html", {**_common(request), "rows": rows})


# the rule kinds as the methodology page heads them
KIND_HEADINGS = {
    "rating": "Rating rules",
    "apa": "Annual performance assessment rules",
    "letter": "Letter (wording) rules",
}


def rule_catalogue(year_rules: list[Rule]) -> list[dict[str, Any]]:
    """Every registered rule of every kind (the one registry, ``csrating.rules``), a group per kind: the
    rating rules the year runs in the order they run, then the others; the wording rules in the order the
    rating letter and then the APA letter make their claims; each rule with whether the year runs it."""
    registry = rules()
    running = {r.code for r in year_rules}
    first = {
        "rating": [r.code for r in year_rules],
        "letter": [r.code for r in (*letter_rules(), *apa_letter_rules())],
    }
    out = []
    for kind in KINDS:
        codes = [c for c in first.get(kind, []) if c in registry]
        codes += sorted(c for c, r in registry.items() if r.kind == kind and c not in codes)
        entries = [{"rule": registry[c], "off": kind == "rating" and c not in running} for c in codes]
        out.append({"kind": kind, "heading": KIND_HEADINGS[kind], "rules": entries})
    return out


def methodology(request: HttpRequest) -> HttpResponse:
    """Every registered rule of every kind (rating, APA, letter) with its code, kind, stage and
    statement - the served year's rating rules in the order they run - and every parameter of the year
    with its provenance (sourced, calibrated or assumed) and source."""
    e = state.engine(_year(request))
    return render(
        request,
        "web/methodology.html",
        {
            **_common(request),
            "m": e.m,
            "groups": rule_catalogue(e.rules),
            "parameters": list(e.m.parameters.values()),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def judge(request: HttpRequest, code: str) -> HttpResponse:
    p, r = _rated(request, code)
    e = state.engine(_year(request))
    errors: dict[str, str] = {}
    values = {"to_grade": "", "reason": "", "evidence": ""}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in values}
        if values["to_grade"] not in {str(int(g)) for g in RatingGrade}:
            errors["to_grade"] = "Choose the grade the judgement gives"
        if not values["reason"]:
            errors["reason"] = "Enter the reason for the judgement"
        if not errors:
            try:
                record(
                    e,
                    code,
                    int(values["to_grade"]),
                    reason=values["reason"],
                    author=request.user.get_username(),
                    evidence=[x.strip() for x in values["evidence"].split(",") if x.strip()],
                    save=store.record_judgement,
                )
            except (JudgementRefused, store.StoreError) as exc:
                errors["to_grade"] = str(exc)
            else:
                messages.success(request, "The judgement is recorded.")
                return redirect("la", code=code)
    grades = [
        {"value": int(g), "label": f"{g.label.capitalize()} ({int(g)})"}
        for g in sorted(RatingGrade, reverse=True)
    ]
    context = {**_common(request), "p": p, "r": r, "grades": grades, "errors": errors, "values": values}
    return render(request, "web/judge.html", context, status=400 if errors else 200)
