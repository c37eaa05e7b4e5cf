"""The replay's HTML report: one self-contained page a CS lead can forward (no scripts, no external files).

Headline measures against their targets, charts drawn as inline SVG (each with its numbers in a
table), every stop condition hit, and per ticket the draft beside the human reply with the steps
the draft lacks. Every text from tickets and drafts is escaped by Jinja's autoescape.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from jinja2 import Environment, select_autoescape

from cli.replay import Summary, TicketOutcome

TARGETS = {"steps_covered": 0.85, "unauthorized_commitments": 0}
_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_PAGE = _ENV.from_string("""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;color:#1d2430;margin:2rem auto;max-width:1100px;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2.2rem;border-bottom:1px solid #dde2ea;padding-bottom:.3rem}
.muted{color:#5b6678}.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:.8rem;margin:1rem 0}
.card{border:1px solid #dde2ea;border-radius:.5rem;padding:.7rem .9rem}.card .v{font-size:1.7rem;font-weight:650}
.ok{color:#17703a}.bad{color:#b3261e}table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.9rem}
th,td{border-bottom:1px solid #e6e9ef;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f4f6f9}
td.n{text-align:right;font-variant-numeric:tabular-nums}.tag{display:inline-block;border:1px solid #b3261e;color:#b3261e;
border-radius:.3rem;padding:0 .35rem;font-size:.8rem;margin:0 .15rem .15rem 0}pre{white-space:pre-wrap;margin:0;font:inherit;font-size:.85rem}
details{margin:.3rem 0}.pair{display:grid;grid-template-columns:1fr 1fr;gap:1rem}svg text{font-size:11px;fill:#1d2430}
</style></head><body>
<h1>{{ title }}</h1>
<p class="muted">{{ s.tickets }} closed tickets replayed on {{ when }} from <code>{{ source }}</code>; drafted by the
{{ drafter }} drafter, nothing stored or sent. Each draft is compared with the reply a person sent.</p>

<h2>Success measures</h2>
<div class="cards">
{% for c in cards %}<div class="card"><div class="muted">{{ c.label }}</div><div class="v {{ c.cls }}">{{ c.value }}</div>
<div class="muted">{{ c.note }}</div></div>{% endfor %}
</div>

<h2>Charts</h2>
{% for chart in charts %}<figure><figcaption><strong>{{ chart.title }}</strong></figcaption>
<svg role="img" aria-label="{{ chart.title }}" width="{{ chart.width }}" height="{{ chart.height }}" viewBox="0 0 {{ chart.width }} {{ chart.height }}">
{% for b in chart.bars %}<text x="0" y="{{ b.y + 13 }}">{{ b.label }}</text>
<rect x="190" y="{{ b.y }}" width="{{ b.w }}" height="18" fill="{{ b.colour }}"></rect>
<text x="{{ 196 + b.w }}" y="{{ b.y + 13 }}">{{ b.value }}</text>{% endfor %}
</svg>
<details><summary>Numbers</summary><table><tr><th>{{ chart.axis }}</th><th>tickets</th></tr>
{% for b in chart.bars %}<tr><td>{{ b.label }}</td><td class="n">{{ b.value }}</td></tr>{% endfor %}</table></details>
</figure>{% endfor %}

<h2>Stop conditions hit</h2>
{% if stops %}<table><tr><th>ticket</th><th>subject</th><th>stop condition</th></tr>
{% for o, c in stops %}<tr><td><a href="#t-{{ o.id }}">{{ o.id }}</a></td><td>{{ o.subject }}</td><td><span class="tag">{{ c }}</span></td></tr>{% endfor %}
</table>{% else %}<p class="ok">No stop condition was hit.</p>{% endif %}
<p class="muted">invented fact: a sentence no cited article supports · wrong policy: the draft answers from another
article than the human reply · promise: a commitment the human did not make · tone: a distressed customer gets no
acknowledgement · needs customer data: the answer needed the customer's account data.</p>

<h2>Per ticket</h2>
<table><tr><th>ticket</th><th>how-to</th><th>steps covered</th><th>similarity</th><th>edit share</th><th>seconds</th><th>stops</th></tr>
{% for o in outcomes %}<tr><td><a href="#t-{{ o.id }}">{{ o.id }}</a> {{ o.subject }}</td><td>{{ 'yes' if o.how_to else 'no' }}</td>
<td class="n">{{ o.steps - o.missing_steps|length }}/{{ o.steps }}</td><td class="n">{{ '%.2f'|format(o.similarity) }}</td>
<td class="n">{{ '%.2f'|format(o.edit_share) }}</td><td class="n">{{ '%.2f'|format(o.seconds) }}</td>
<td>{% for c in o.stop_conditions %}<span class="tag">{{ c }}</span>{% endfor %}</td></tr>{% endfor %}</table>

{% for o in outcomes %}<details id="t-{{ o.id }}"><summary><strong>{{ o.id }}</strong> {{ o.subject }}
{% if o.missing_steps %} · lacks: {{ o.missing_steps|join('; ') }}{% endif %}</summary>
<p class="muted">Cited: {{ o.cited|join(', ') or 'nothing' }}{% if o.relevant %} · the human used: {{ o.relevant|join(', ') }}{% endif %}
{% if o.unanswered %} · flagged unanswered: {{ o.unanswered|join(' / ') }}{% endif %}</p>
<div class="pair"><div><h3>Draft (as the customer would get it)</h3><pre>{{ o.draft }}</pre></div>
<div><h3>Human reply</h3><pre>{{ o.human_reply }}</pre></div></div></details>{% endfor %}

<p class="muted">Rerun: <code>draftgate replay --input {{ source }} --report report.html</code>. Similarity is the cosine
of the content words of draft and reply; edit share is the share of characters a rep would change to reach the human
reply (an upper bound: people word the same steps differently).</p>
</body></html>""")


def write(*, path: Path, summary: Summary, outcomes: list[TicketOutcome], source: str, drafter: str) -> None:
    """Write the self-contained HTML report of a replay."""
    stops = [(o, c) for o in outcomes for c in o.stop_conditions]
    html = _PAGE.render(title="Draft replay on closed tickets", s=summary, outcomes=outcomes, stops=stops,
                        cards=_cards(summary), charts=_charts(summary, outcomes), source=source, drafter=drafter,
                        when=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))
    path.write_text(html, encoding="utf-8")


def _cards(s: Summary) -> list[dict[str, str]]:
    """Return the headline figures with whether each meets its target."""
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0%}"

    steps_ok = s.steps_covered is not None and s.steps_covered >= TARGETS["steps_covered"]
    return [
        {"label": "Steps covered (how-to)", "value": pct(s.steps_covered), "cls": "ok" if steps_ok else "bad",
         "note": f"target ≥ 85 % · {s.how_to} how-to tickets"},
        {"label": "Unauthorized commitments", "value": str(s.unauthorized_commitments),
         "cls": "ok" if s.unauthorized_commitments == 0 else "bad", "note": "drafts promising what the human did not"},
        {"label": "Sendable as drafted", "value": pct(s.sendable_as_is), "cls": "",
         "note": "every step, no internal note, no stop condition"},
        {"label": "Multi-question tickets answered or flagged",
         "value": f"{s.multi_question_answered_or_flagged}/{s.multi_question}",
         "cls": "ok" if s.multi_question_answered_or_flagged == s.multi_question else "bad", "note": ""},
        {"label": "Edit share", "value": pct(s.mean_edit_share), "cls": "", "note": "characters changed to reach the "
         "human reply (mean)"},
        {"label": "Drafting time", "value": f"{s.draft_seconds_p50 or 0:.2f} s", "cls": "",
         "note": f"median; p95 {s.draft_seconds_p95 or 0:.2f} s"},
        {"label": "First source is the human's article", "value": pct(s.first_source_right), "cls": "",
         "note": "tickets labelled with the article used"},
    ]


def _charts(s: Summary, outcomes: list[TicketOutcome]) -> list[dict[str, object]]:
    """Return two bar charts: steps covered per how-to ticket, and stop conditions."""
    buckets = Counter(_bucket(1 - len(o.missing_steps) / o.steps) for o in outcomes if o.how_to and o.steps)
    order = ["100 %", "75–99 %", "50–74 %", "25–49 %", "0–24 %"]
    return [_bars("Steps of the human reply carried by the draft (how-to tickets)", "steps covered",
                  [(b, buckets.get(b, 0)) for b in order], "#2f6fdb"),
            _bars("Stop conditions", "stop condition", list(s.stop_conditions.items()), "#b3261e")]


def _bucket(share: float) -> str:
    """Return the label of a coverage bucket."""
    if share >= 0.999:
        return "100 %"
    return next(label for floor, label in ((0.75, "75–99 %"), (0.5, "50–74 %"), (0.25, "25–49 %"), (0.0, "0–24 %"))
                if share >= floor)


def _bars(title: str, axis: str, values: list[tuple[str, int]], colour: str) -> dict[str, object]:
    """Return the geometry of a horizontal bar chart."""
    top = max([v for _, v in values] + [1])
    bars = [{"label": label, "value": value, "y": 4 + i * 24, "w": round(320 * value / top), "colour": colour}
            for i, (label, value) in enumerate(values)]
    return {"title": title, "axis": axis, "bars": bars, "width": 580, "height": 8 + 24 * len(values)}
