// dateline explorer: a small hash-routed single page over the REST API.
// No framework, no CDN. Every piece of article text reaches the page through text nodes
// (el() children / textContent), never through innerHTML, so article text cannot inject markup;
// a stored URL becomes a link only when it is http(s) (never javascript: or data:). The server's
// Content-Security-Policy allows no inline script or style: styles are set through the CSSOM.
"use strict";

const PAGE = 25;
// One colour per PLOVER type, conflict types warm and cooperation types cool; others are hashed.
const TYPE_COLORS = {
  ASSAULT: "#b2182b", COERCE: "#d6604d", THREATEN: "#f4a582", SANCTION: "#8c510a", MOBILIZE: "#e08214",
  PROTEST: "#fdb863", DEMAND: "#c51b7d", DISAPPROVE: "#de77ae", ACCUSE: "#f1b6da", REJECT: "#762a83",
  AGREE: "#1b7837", COOPERATE: "#5aae61", SUPPORT: "#a6dba0", AID: "#01665e", CONSULT: "#2166ac",
  CONCEDE: "#4393c3", RETREAT: "#92c5de", REQUEST: "#35978f",
};
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#7f7f7f", "#bcbd22", "#17becf"];
const SVG = "http://www.w3.org/2000/svg";
const view = document.getElementById("view");

// --- DOM helpers --------------------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "style") node.style.cssText = String(v);  // the CSSOM, which the CSP allows
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function show(...nodes) { view.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined && n !== false)); }
function plural(n, word) { return `${n} ${word}${n === 1 ? "" : "s"}`; }

function link(hash, text, attrs) { return el("a", { href: hash, ...(attrs || {}) }, text); }
const enc = encodeURIComponent;

// The URL when it is an absolute http(s) URL, else null: only those become links.
function webUrl(raw) {
  if (typeof raw !== "string") return null;
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (_) {
    return null;
  }
}

// An article's source: a link for an http(s) URL, the stored text (never a link) for anything else.
function sourceOf(raw) {
  if (!raw) return "no URL";
  const url = webUrl(raw);
  if (url) return el("a", { href: url, rel: "noopener noreferrer", target: "_blank", "data-testid": "source" }, "source");
  return el("span", { class: "muted", "data-testid": "source", title: "not a web link" }, "source: " + raw);
}

// The query string of the params that have a value ("" and null leave a filter out).
function queryString(params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== "" && v !== null && v !== undefined) qs.set(k, v);
  return qs.toString();
}

async function api(path, params) {
  const qs = queryString(params);
  const url = "/api/" + path + (qs ? "?" + qs : "");
  const res = await fetch(url);
  if (!res.ok) throw new Error(res.status + " " + (await res.text()));
  return res.json();
}

function colorOf(type) {
  if (TYPE_COLORS[type]) return TYPE_COLORS[type];
  let h = 0;
  for (const ch of String(type)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

function actorName(ref) { return ref ? (ref.name || ref.text || ref.actor_id) : ""; }
// A pronoun no coreference resolved ("he") is shown as unresolved, never as if it were a name.
function speakerName(q) {
  const name = actorName(q.speaker);
  return name && q.speaker_status === "unresolved" ? name + " (unresolved)" : name;
}
function actorLink(ref) {
  if (!ref) return "";
  const id = ref.actor_id || ref.name || ref.text;
  return link("#/actor/" + enc(id), actorName(ref), { class: "actor" });
}

function quoteText(q) {
  const content = Array.isArray(q.content) ? q.content : (q.content ? [q.content] : []);
  return content.map((s) => s.text).join(" … ");
}

function pager(data, go) {
  const prev = el("button", { class: "secondary", disabled: data.offset <= 0, onclick: () => go(data.offset - data.limit) },
                  "← Previous");
  const next = el("button", { class: "secondary", disabled: data.offset + data.limit >= data.total,
                              onclick: () => go(data.offset + data.limit) }, "Next →");
  const last = Math.min(data.total, data.offset + data.items.length);
  return el("div", { class: "pager" }, prev, next,
            el("span", { class: "muted", "data-testid": "count" },
               data.total ? `${data.offset + 1}–${last} of ${data.total}` : "nothing found"));
}

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, "");
  const [path, query] = raw.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || "") };
}

function setParams(base, params) {
  const qs = queryString(params);
  location.hash = base + (qs ? "?" + qs : "");
}

// --- events: filters, chart, table ---------------------------------------------------------------

const EVENT_FILTERS = ["actor", "type", "modality", "since", "until", "place", "q", "min_confidence", "bbox"];

// "Export what you see": the current filters' events, all of them, as files the API streams.
function exportLinks(filters) {
  const qs = queryString(filters);
  const file = (fmt, label) => el("a", { href: `/api/events/export.${fmt}` + (qs ? "?" + qs : ""), download: "",
                                         class: "button secondary", "data-testid": "export-" + fmt }, label);
  return el("div", { class: "exports" }, el("span", { class: "muted" }, "Download these events: "),
            file("csv", "CSV (flat columns)"), file("jsonl", "JSONL"));
}

async function eventsView(params) {
  const filters = Object.fromEntries(EVENT_FILTERS.map((k) => [k, params.get(k) || ""]));
  const offset = Number(params.get("offset") || 0);
  const [types, perDay, page] = await Promise.all([
    api("events/types"), api("events/per-day", filters), api("events", { ...filters, limit: PAGE, offset }),
  ]);
  const form = filterForm(filters, types, (values) => setParams("#/events", values));
  show(
    el("h1", {}, "Events"),
    el("div", { class: "panel" }, form, exportLinks(filters)),
    el("div", { class: "panel chart", "data-testid": "chart" }, chart(perDay, filters.since, filters.until)),
    eventTable(page.items, "events"),
    pager(page, (o) => setParams("#/events", { ...filters, offset: o })));
}

function eventTable(items, testid) {
  const rows = items.map((e) => el("tr", { class: "event-row" },
    el("td", { class: "nowrap" }, e.day),
    el("td", {}, el("span", { class: "tag", style: `background:${colorOf(e.type)}22` }, e.type)),
    el("td", {}, actorLink(e.source)),
    el("td", {}, actorLink(e.target)),
    el("td", {}, e.modality),
    el("td", { class: "confidence" }, typeof e.confidence === "number" ? e.confidence.toFixed(2) : ""),
    el("td", {}, link("#/article/" + enc(e.article_id), e.evidence ? e.evidence.text : "(evidence)")),
    el("td", { class: "muted" }, e.outlet || "")));
  return el("table", { "data-testid": testid },
    el("thead", {}, el("tr", {}, ["Date", "Type", "Source", "Target", "Modality", "Confidence", "Evidence", "Outlet"]
      .map((h) => el("th", {}, h)))),
    el("tbody", {}, rows));
}

function filterForm(values, types, submit) {
  const input = (name, label, attrs) => el("label", {}, label,
    el("input", { name, value: values[name] || "", ...(attrs || {}) }));
  const select = (name, label, options) => el("label", {}, label,
    el("select", { name }, el("option", { value: "" }, "any"),
       options.map((o) => el("option", { value: o, selected: o === values[name] }, o))));
  const form = el("form", { class: "filters", "data-testid": "filters" },
    input("actor", "Actor"), select("type", "Type", types),
    select("modality", "Modality", ["asserted", "negated", "hypothetical", "future", "historical"]),
    input("since", "Since", { type: "date" }), input("until", "Until", { type: "date" }),
    input("place", "Place"), input("q", "Evidence text"),
    input("min_confidence", "Min. confidence", { type: "number", min: 0, max: 1, step: 0.05, placeholder: "0–1" }),
    values.bbox ? el("label", {}, "Map area", el("input", { name: "bbox", value: values.bbox, readonly: true,
                                                            title: "west,south,east,north: set by clicking a point on the map" })) : null,
    el("button", { type: "submit" }, "Filter"),
    el("button", { type: "button", class: "secondary", onclick: () => submit({}) }, "Clear"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    submit(Object.fromEntries(new FormData(form).entries()));
  });
  return form;
}

// Counts per period: days when the filtered events span at most MAX_DAYS days, else months, else years.
const MAX_DAYS = 120, MAX_MONTHS = 240;

function periods(first, last) {
  const span = (Date.parse(last) - Date.parse(first)) / 86400000;
  const months = (Number(last.slice(0, 4)) - Number(first.slice(0, 4))) * 12 + Number(last.slice(5, 7)) - Number(first.slice(5, 7));
  if (span <= MAX_DAYS) {
    const out = [];
    for (let t = Date.parse(first); t <= Date.parse(last); t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
    return { unit: "day", key: (d) => d, list: out };
  }
  if (months <= MAX_MONTHS) {
    const out = [];
    let [y, m] = [Number(first.slice(0, 4)), Number(first.slice(5, 7))];
    for (let i = 0; i <= months; i++) {
      out.push(`${y}-${String(m).padStart(2, "0")}`);
      if (++m > 12) { m = 1; y++; }
    }
    return { unit: "month", key: (d) => d.slice(0, 7), list: out };
  }
  const out = [];
  for (let y = Number(first.slice(0, 4)); y <= Number(last.slice(0, 4)); y++) out.push(String(y));
  return { unit: "year", key: (d) => d.slice(0, 4), list: out };
}

// The axis spans the filter's date range when one is set, else the events' own range.
function chart(perDay, since, until) {
  if (!perDay.length) return el("p", { class: "muted" }, "No events match these filters.");
  const days = perDay.map((r) => r.day).sort();
  const full = (d, end) => (d.length === 7 ? d + (end ? "-28" : "-01") : d);
  const p = periods(since ? full(since, false) : days[0], until ? full(until, true) : days[days.length - 1]);
  const counts = new Map(p.list.map((k) => [k, {}]));
  const types = [...new Set(perDay.map((r) => r.type))].sort();
  for (const r of perDay) {
    const c = counts.get(p.key(r.day));
    if (!c) continue;  // outside the axis (cannot happen with the API's own filtering)
    c[r.type] = (c[r.type] || 0) + r.n;
  }
  const W = 900, H = 220, pad = { l: 36, r: 40, t: 8, b: 36 };
  const max = Math.max(...p.list.map((k) => Object.values(counts.get(k)).reduce((a, b) => a + b, 0)));
  const bw = (W - pad.l - pad.r) / p.list.length;
  const y = (v) => (H - pad.b) - (v / max) * (H - pad.t - pad.b);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `events per ${p.unit} by type` });
  root.append(svg("line", { x1: pad.l, x2: W - pad.r, y1: H - pad.b, y2: H - pad.b, stroke: "#999" }));
  root.append(svg("text", { x: pad.l - 6, y: pad.t + 10, "text-anchor": "end", "font-size": 11 }, max));
  root.append(svg("text", { x: pad.l - 6, y: H - pad.b, "text-anchor": "end", "font-size": 11 }, 0));
  const labelEvery = Math.ceil(p.list.length / 8);
  p.list.forEach((k, i) => {
    let acc = 0;
    for (const t of types) {
      const n = counts.get(k)[t] || 0;
      if (!n) continue;
      const rect = svg("rect", { x: pad.l + i * bw + (bw > 4 ? 1 : 0), width: Math.max(1, bw > 4 ? bw - 2 : bw),
                                 y: y(acc + n), height: y(acc) - y(acc + n), fill: colorOf(t), class: "bar",
                                 "data-type": t, "data-period": k });
      rect.append(svg("title", {}, `${k} ${t}: ${n}`));
      root.append(rect);
      acc += n;
    }
    if (i % labelEvery === 0) {
      root.append(svg("text", { x: pad.l + i * bw + bw / 2, y: H - pad.b + 14, "text-anchor": "middle",
                                "font-size": 10 }, k));
    }
  });
  const legend = el("div", { class: "legend" },
    types.map((t) => el("span", {}, el("i", { style: `background:${colorOf(t)}` }), t)));
  return el("div", {}, el("h2", {}, `Events per ${p.unit} by type`), root, legend);
}

// --- map: events by their coordinates, countries shaded by their events -----------------------------

// The world: Natural Earth 1:110m countries as TopoJSON (static/world/, shipped with its licence), fetched once.
let WORLD = null;
async function world() {
  if (!WORLD) {
    const res = await fetch("/static/world/countries-110m.json");
    if (!res.ok) throw new Error(res.status + " world map");
    WORLD = await res.json();
  }
  return WORLD;
}

// TopoJSON arcs are delta-encoded integers: each point is the sum of the deltas so far, then scaled.
function topoArcs(topo) {
  const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
  return topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
}

// A ring lists arc indexes; ~i (a negative index) is arc i reversed; consecutive arcs share their joining point.
// A ring that crosses the antimeridian (Russia's Chukotka, Fiji) jumps from +180° to -180°: its western
// longitudes are moved past +180°, so it is drawn whole, running off the map's east edge, not across the map.
function ringPath(arcs, ring, project) {
  const pts = [];
  for (const i of ring) {
    const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    arc.forEach((p, k) => { if (k > 0 || !pts.length) pts.push(p); });
  }
  const crosses = pts.some((p, k) => k > 0 && Math.abs(p[0] - pts[k - 1][0]) > 180);
  const xy = pts.map(([lon, lat]) => project(crosses && lon < 0 ? lon + 360 : lon, lat));
  return "M" + xy.map(([x, y]) => x.toFixed(1) + "," + y.toFixed(1)).join("L") + "Z";
}

function geometryPath(arcs, geom, project) {
  const polygons = geom.type === "Polygon" ? [geom.arcs] : geom.type === "MultiPolygon" ? geom.arcs : [];
  return polygons.map((rings) => rings.map((ring) => ringPath(arcs, ring, project)).join("")).join("");
}

// Equirectangular, cut at 58°S (no Antarctica) and 84°N.
const MAP_W = 960, MAP_NORTH = 84, MAP_SOUTH = -58;
const MAP_H = MAP_W * (MAP_NORTH - MAP_SOUTH) / 360;
function project(lon, lat) { return [(lon + 180) * MAP_W / 360, (MAP_NORTH - lat) * MAP_W / 360]; }

// Sequential shading, light to dark blue, on a log scale so one busy country does not wash out the rest.
function shade(n, max) {
  const t = Math.log1p(n) / Math.log1p(max || 1);
  const [a, b] = [[222, 235, 247], [8, 48, 107]];
  return "rgb(" + a.map((v, i) => Math.round(v + (b[i] - v) * t)).join(",") + ")";
}

// A box of the point's rounding (0.01°) around it: the events that the server grouped into it.
function pointBox(p) { return [p.lon - 0.005, p.lat - 0.005, p.lon + 0.005, p.lat + 0.005].map((v) => v.toFixed(4)).join(","); }

async function mapView(params) {
  const filters = Object.fromEntries(EVENT_FILTERS.map((k) => [k, params.get(k) || ""]));
  const [types, points, countries, topo, all] = await Promise.all([
    api("events/types"), api("events/points", filters), api("events/countries", filters), world(),
    api("events", { ...filters, limit: 1 }),
  ]);
  const form = filterForm(filters, types, (values) => setParams("#/map", values));
  const placed = points.reduce((a, p) => a + p.n, 0);
  const detail = el("div", { class: "panel", "data-testid": "map-detail" },
                    el("p", { class: "muted" }, "Click a point for its events."));
  show(
    el("h1", {}, "Map"),
    el("div", { class: "panel" }, form, exportLinks(filters)),
    el("p", { class: "muted", "data-testid": "map-count" },
       `${plural(placed, "event")} with coordinates, at ${plural(points.length, "place")}, of ${all.total} matching`),
    el("div", { class: "map-layout" },
       el("div", { class: "panel map" }, worldMap(topo, points, countries, (p, dot) => showPoint(detail, filters, p, dot))),
       countryTable(countries)),
    detail);
}

function worldMap(topo, points, countries, onPoint) {
  const arcs = topoArcs(topo);
  const byCode = new Map(countries.filter((c) => c.numeric).map((c) => [c.numeric, c]));
  const max = Math.max(0, ...countries.map((c) => c.n));
  const root = svg("svg", { viewBox: `0 0 ${MAP_W} ${MAP_H.toFixed(0)}`, role: "img", "data-testid": "map",
                            "aria-label": "events on a world map" });
  root.append(svg("rect", { x: 0, y: 0, width: MAP_W, height: MAP_H, class: "sea" }));
  for (const geom of topo.objects.countries.geometries) {
    if (geom.id === "010") continue;  // Antarctica: below the map's southern edge
    const c = byCode.get(geom.id);
    const path = svg("path", { d: geometryPath(arcs, geom, project), class: "country" + (c ? " has-events" : ""),
                               fill: c ? shade(c.n, max) : "#eceff3", "data-numeric": geom.id || "" });
    path.append(svg("title", {}, (geom.properties && geom.properties.name) + (c ? `: ${plural(c.n, "event")}` : "")));
    root.append(path);
  }
  const top = Math.max(1, ...points.map((p) => p.n));
  for (const p of [...points].sort((a, b) => b.n - a.n)) {  // big first, so small points stay clickable on top
    const [x, y] = project(p.lon, p.lat);
    const dot = svg("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: (3 + 9 * Math.sqrt(p.n / top)).toFixed(1),
                                fill: colorOf(p.top_type), class: "point", tabindex: 0, role: "button",
                                "data-n": p.n, "data-lat": p.lat, "data-lon": p.lon });
    dot.append(svg("title", {}, `${p.name || "?"}${p.country ? " (" + p.country + ")" : ""}: ${plural(p.n, "event")} · ${p.types.join(", ")}`));
    dot.addEventListener("click", () => onPoint(p, dot));
    dot.addEventListener("keydown", (ev) => { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); onPoint(p, dot); } });
    root.append(dot);
  }
  const legend = el("div", { class: "legend" },
    el("span", {}, el("i", { style: `background:${shade(1, max)}` }), "1"),
    el("span", {}, el("i", { style: `background:${shade(max, max)}` }), `${max} events per country`),
    el("span", { class: "muted" }, "dots: places, sized by events, coloured by their commonest type"));
  return el("div", {}, root, legend);
}

function countryTable(countries) {
  return el("div", { class: "panel countries" }, el("h2", {}, "Events per country"),
    countries.length
      ? el("table", { "data-testid": "map-countries" }, el("tbody", {}, countries.slice(0, 25).map((c) => el("tr", {},
          el("td", {}, c.name || c.country), el("td", { class: "muted" }, c.country), el("td", { class: "confidence" }, c.n)))))
      : el("p", { class: "muted" }, "No events with a country match these filters."));
}

async function showPoint(detail, filters, p, dot) {
  document.querySelectorAll("circle.point.selected").forEach((n) => n.classList.remove("selected"));
  if (dot) dot.classList.add("selected");
  const box = pointBox(p);
  const page = await api("events", { ...filters, bbox: box, limit: 100 });
  detail.replaceChildren(
    el("h2", { "data-testid": "map-place" }, `${p.name || "?"}${p.country ? " (" + p.country + ")" : ""}: ${plural(page.total, "event")}`),
    el("p", { class: "muted" }, `${p.lat}, ${p.lon}${p.precision ? " · precision: " + p.precision : ""} · `,
       link("#/events?" + queryString({ ...filters, bbox: box }), "open in the events table", { "data-testid": "map-open-events" })),
    eventTable(page.items, "map-events"));
}

// --- stories -------------------------------------------------------------------------------------

async function storiesView(params) {
  const q = params.get("q") || "";
  const offset = Number(params.get("offset") || 0);
  const page = await api("stories", { q, limit: PAGE, offset });
  const form = el("form", { class: "filters" },
    el("label", {}, "Label contains", el("input", { name: "q", value: q })), el("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setParams("#/stories", { q: form.q.value }); });
  show(
    el("h1", {}, "Stories"),
    el("p", { class: "muted" }, "One story is one happening as the press reported it: all articles about it, from any outlet."),
    el("div", { class: "panel" }, form),
    el("table", { "data-testid": "stories" },
       el("thead", {}, el("tr", {}, ["Story", "Dates", "Articles", "Events", "Quotes", "Outlets"].map((h) => el("th", {}, h)))),
       el("tbody", {}, page.items.map((s) => el("tr", { class: "story-row" },
         el("td", {}, link("#/story/" + enc(s.id), s.label, { class: "story-link" })),
         el("td", {}, s.first_date === s.last_date ? s.first_date : `${s.first_date} – ${s.last_date}`),
         el("td", {}, s.n_articles), el("td", {}, s.n_events), el("td", {}, s.n_quotes),
         el("td", { class: "muted" }, (s.outlets || []).join(", ")))))),
    pager(page, (o) => setParams("#/stories", { q, offset: o })));
}

async function storyView(id) {
  const s = await api("stories/" + enc(id));
  const line = s.storyline;
  const timeline = line && line.stories.length > 1
    ? el("div", { class: "panel" }, el("h2", {}, "Storyline: " + line.label),
         el("ol", { class: "timeline", "data-testid": "storyline" }, line.stories.map((o) => el("li",
           { class: o.id === s.id ? "current" : "" }, o.first_date + " ",
           o.id === s.id ? o.label : link("#/story/" + enc(o.id), o.label), el("span", { class: "muted" },
             ` (${o.n_articles} article${o.n_articles === 1 ? "" : "s"})`)))))
    : null;
  show(
    el("h1", { "data-testid": "story-label" }, s.label),
    el("p", { class: "muted" }, `${s.first_date} – ${s.last_date} · ${s.article_ids.length} articles · `
       + `${(s.outlets || []).length} outlets: ${(s.outlets || []).join(", ")}`),
    timeline,
    el("div", { class: "panel" }, el("h2", {}, "Timeline of reports"),
       el("ol", { class: "timeline", "data-testid": "story-timeline" }, s.articles.map((a) => el("li", {},
         a.date.slice(0, 10) + " · ", el("span", { class: "muted" }, (a.outlet || "") + " · "),
         link("#/article/" + enc(a.id), a.label || a.title, { class: "article-link" }))))),
    el("div", { class: "cols" },
      el("div", { class: "panel" }, el("h2", {}, `Merged events (${s.merged_events.length})`),
         s.merged_events.length ? el("table", {}, el("tbody", {}, s.merged_events.map((m) => el("tr", {},
           el("td", { class: "nowrap" }, m.date), el("td", {}, el("span", { class: "tag" }, m.type)),
           el("td", {}, m.label),
           el("td", { class: "muted" }, `${plural(m.n_articles, "article")}, ${plural(m.n_outlets, "outlet")}`)))))
           : el("p", { class: "muted" }, "No events coded.")),
      el("div", { class: "panel" }, el("h2", {}, `Quotes (${s.quotes.length})`),
         el("div", { class: "records" }, s.quotes.slice(0, 60).map((q) => el("div", { class: "record quote" },
           el("div", { class: "kind" }, speakerName(q) || "unattributed"), quoteText(q)))))));
}

// --- articles ------------------------------------------------------------------------------------

async function articlesView(params) {
  const q = params.get("q") || "";
  const offset = Number(params.get("offset") || 0);
  const page = await api("articles", { q, limit: PAGE, offset });
  const form = el("form", { class: "filters" },
    el("label", {}, "Text contains", el("input", { name: "q", value: q })), el("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setParams("#/articles", { q: form.q.value }); });
  show(el("h1", {}, "Articles"), el("div", { class: "panel" }, form),
    el("table", {}, el("thead", {}, el("tr", {}, ["Date", "Title", "Outlet", "Events", "Quotes"].map((h) => el("th", {}, h)))),
       el("tbody", {}, page.items.map((a) => el("tr", {}, el("td", {}, a.date.slice(0, 10)),
         el("td", {}, link("#/article/" + enc(a.id), a.label || a.title, { class: "article-link" })),
         el("td", { class: "muted" }, a.outlet || ""), el("td", {}, a.n_events), el("td", {}, a.n_quotes))))),
    pager(page, (o) => setParams("#/articles", { q, offset: o })));
}

// The evidence spans of an article's records: {start, end, kind, id}.
function evidenceSpans(a) {
  const spans = [];
  for (const t of a.timexes) spans.push({ start: t.start, end: t.end, kind: "timex", id: t.id });
  for (const q of a.quotes) {
    const content = Array.isArray(q.content) ? q.content : (q.content ? [q.content] : []);
    for (const c of content) spans.push({ start: c.start, end: c.end, kind: "quote", id: q.id });
    if (q.speaker && q.speaker.end > q.speaker.start) spans.push({ start: q.speaker.start, end: q.speaker.end, kind: "speaker", id: q.id });
    if (q.cue) spans.push({ start: q.cue.start, end: q.cue.end, kind: "cue", id: q.id });
  }
  for (const e of a.events) if (e.evidence) spans.push({ start: e.evidence.start, end: e.evidence.end, kind: "event", id: e.id });
  return spans.filter((s) => s.end > s.start && s.start >= 0 && s.end <= a.text.length);
}

// The text cut at every span boundary; each piece is a text node inside a span listing what covers it.
function highlighted(text, spans) {
  const cuts = [...new Set([0, text.length, ...spans.flatMap((s) => [s.start, s.end])])].sort((x, y) => x - y);
  const out = el("div", { class: "text", "data-testid": "article-text" });
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i], cuts[i + 1]];
    const piece = text.slice(a, b);
    const cover = spans.filter((s) => s.start <= a && s.end >= b);
    if (!cover.length) { out.append(document.createTextNode(piece)); continue; }
    const kinds = [...new Set(cover.map((s) => s.kind))];
    out.append(el("span", { class: "hl " + kinds.join(" "), "data-ids": [...new Set(cover.map((s) => s.id))].join(" "),
                            title: kinds.join(", ") }, piece));
  }
  return out;
}

function focusRecord(id) {
  document.querySelectorAll(".hl.focus").forEach((n) => n.classList.remove("focus"));
  const hits = [...document.querySelectorAll(".hl[data-ids]")].filter((n) => n.dataset.ids.split(" ").includes(id));
  hits.forEach((n) => n.classList.add("focus"));
  if (hits.length) hits[0].scrollIntoView({ block: "center", behavior: "smooth" });
}

function recordCard(kind, id, head, body) {
  return el("div", { class: "record " + kind, "data-id": id, onclick: () => focusRecord(id) },
            el("div", { class: "kind" }, head), body);
}

async function articleView(id) {
  const a = await api("articles/" + enc(id));
  const text = highlighted(a.text, evidenceSpans(a));
  const toggles = ["timex", "quote", "event"].map((k) => el("label", {},
    el("input", { type: "checkbox", checked: true, onchange: (ev) => text.classList.toggle("hide-" + k, !ev.target.checked) }),
    " ", el("span", { class: "hl " + k }, { timex: "time expressions", quote: "quotes", event: "events" }[k])));
  const records = el("div", { class: "records", "data-testid": "records" },
    el("h2", {}, `Events (${a.events.length})`),
    a.events.map((e) => recordCard("event", e.id, `${e.type} · ${e.modality}${e.date ? " · " + e.date : ""}`,
      el("div", {}, actorLink(e.source), e.source || e.target ? " → " : "", actorLink(e.target),
         el("div", { class: "muted" }, e.evidence ? e.evidence.text : "")))),
    el("h2", {}, `Quotes (${a.quotes.length})`),
    a.quotes.map((q) => recordCard("quote", q.id, `${q.kind} · ${speakerName(q) || "unattributed"}`,
      el("div", {}, q.speaker ? actorLink(q.speaker) : "", q.speaker ? ": " : "", quoteText(q)))),
    el("h2", {}, `Time expressions (${a.timexes.length})`),
    a.timexes.map((t) => recordCard("timex", t.id, `${t.type} · ${t.value}`, el("div", {}, t.text))));
  show(
    el("h1", { "data-testid": "article-title" }, a.title || a.label),
    el("p", { class: "muted" }, a.date + (a.outlet ? " · " + a.outlet : "") + " · ",
       sourceOf(a.url),
       a.stories.length ? " · story: " : "",
       a.stories.map((s) => link("#/story/" + enc(s.id), s.label, { class: "story-link" }))),
    el("p", { class: "legend" }, toggles),
    el("div", { class: "article" }, text, records));
}

// --- actors --------------------------------------------------------------------------------------

async function actorsView(params) {
  const q = params.get("q") || "";
  const offset = Number(params.get("offset") || 0);
  const page = await api("actors", { q, limit: PAGE, offset });
  const form = el("form", { class: "filters" },
    el("label", {}, "Name contains", el("input", { name: "q", value: q })), el("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setParams("#/actors", { q: form.q.value }); });
  show(el("h1", {}, "Actors"), el("div", { class: "panel" }, form),
    el("table", { "data-testid": "actors" }, el("thead", {}, el("tr", {}, ["Actor", "Id", "Events", "Quotes"].map((h) => el("th", {}, h)))),
       el("tbody", {}, page.items.map((r) => el("tr", {},
         el("td", {}, link("#/actor/" + enc(r.id), r.name || r.id)), el("td", { class: "muted" }, r.id),
         el("td", {}, r.n_events), el("td", {}, r.n_quotes))))),
    pager(page, (o) => setParams("#/actors", { q, offset: o })));
}

async function actorView(id) {
  const [r, d] = await Promise.all([api("actors/" + enc(id)), api("dyads/" + enc(id), { unit: "day" })]);
  const eventRow = (e) => el("tr", {}, el("td", { class: "nowrap" }, e.day), el("td", {}, el("span", { class: "tag" }, e.type)),
    el("td", {}, actorLink(e.source)), el("td", {}, actorLink(e.target)),
    el("td", {}, link("#/article/" + enc(e.article_id), e.evidence ? e.evidence.text : "(evidence)")));
  const events = (title, list) => el("div", { class: "panel" }, el("h2", {}, `${title} (${list.length})`),
    list.length ? el("table", {}, el("tbody", {}, list.map(eventRow))) : el("p", { class: "muted" }, "None."));
  show(
    el("h1", { "data-testid": "actor-name" }, r.name || r.id), el("p", { class: "muted" }, r.id),
    dyadsPanel(d),
    el("div", { class: "panel" }, el("h2", {}, `Said (${r.quotes.length})`),
       el("div", { class: "records", "data-testid": "actor-quotes" }, r.quotes.map((q) => el("div", { class: "record quote" },
         el("div", { class: "kind" }, `${q.date.slice(0, 10)} · ${q.outlet || ""}`), quoteText(q), " ",
         link("#/article/" + enc(q.article_id), "article"))))),
    events("Did (as source)", r.did), events("Was done to (as target)", r.done_to));
}

// --- dyads: who the actor acts on and is acted on by, by type over time --------------------------------

// d: GET /api/dyads/ID?unit=day. One time axis for both directions (days, months or years, as the events chart).
function dyadsPanel(d) {
  const days = [...d.periods].sort();
  if (!days.length) {
    return el("div", { class: "panel", "data-testid": "dyads" }, el("h2", {}, "Dyads"),
              el("p", { class: "muted" }, "No event names another actor beside this one."));
  }
  const axis = periods(days[0], days[days.length - 1]);
  const side = (title, list, unknown, testid) => el("div", { class: "panel dyads", "data-testid": testid },
    el("h2", {}, `${title} (${plural(list.length, "actor")})`),
    list.length ? el("table", {},
                     el("thead", {}, el("tr", {}, ["Actor", "Events", "By type",
                       `Per ${axis.unit}, ${axis.list[0]} – ${axis.list[axis.list.length - 1]}`].map((h) => el("th", {}, h)))),
                     el("tbody", {}, list.map((c) => dyadRow(c, axis))))
                : el("p", { class: "muted" }, "None."),
    unknown ? el("p", { class: "muted" }, `${plural(unknown, "event")} name no actor on the other side.`) : null);
  return el("div", { "data-testid": "dyads" },
    el("h2", {}, "Dyads: who this actor acts on and is acted on by"),
    el("div", { class: "cols" },
       side("Acts on (as source)", d.acts_on, d.acts_on_unknown, "dyads-acts-on"),
       side("Acted on by (as target)", d.acted_on_by, d.acted_on_by_unknown, "dyads-acted-on-by")));
}

function dyadRow(c, axis) {
  const byType = Object.entries(c.types).map(([t, n]) => el("span", { class: "tag", style: `background:${colorOf(t)}22` },
                                                            `${t} ${n}`));
  return el("tr", { class: "dyad-row", "data-id": c.id },
    el("td", {}, link("#/actor/" + enc(c.id), c.name || c.id, { class: "actor" })),
    el("td", { class: "confidence" }, c.n), el("td", {}, byType), el("td", {}, sparkBars(c.periods, axis)));
}

// Stacked bars per period of the axis, one colour per type, in a small fixed-size SVG; a bar is at least
// 3 px wide, so one event in twenty years of months still shows.
function sparkBars(rows, axis) {
  const W = 240, H = 32;
  const counts = new Map(axis.list.map((k) => [k, []]));
  for (const r of rows) { const c = counts.get(axis.key(r.period)); if (c) c.push(r); }
  const max = Math.max(1, ...[...counts.values()].map((c) => c.reduce((a, r) => a + r.n, 0)));
  const step = W / axis.list.length, bw = Math.max(3, step - (step > 4 ? 1 : 0));
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "spark", role: "img", "aria-label": `events per ${axis.unit}` });
  axis.list.forEach((k, i) => {
    let acc = 0;
    const x = Math.min(W - bw, i * step + (step - bw) / 2);
    for (const r of counts.get(k).sort((a, b) => (a.type < b.type ? -1 : 1))) {
      const h = (r.n / max) * (H - 2);
      const rect = svg("rect", { x: x.toFixed(2), width: bw.toFixed(2), y: (H - acc - h).toFixed(2), height: h.toFixed(2),
                                 fill: colorOf(r.type), class: "bar", "data-type": r.type, "data-period": k });
      rect.append(svg("title", {}, `${r.period} ${r.type}: ${r.n}`));
      root.append(rect);
      acc += h;
    }
  });
  return root;
}

// --- router --------------------------------------------------------------------------------------

const ROUTES = {
  "": (p) => eventsView(p.params), events: (p) => eventsView(p.params), map: (p) => mapView(p.params),
  stories: (p) => storiesView(p.params), story: (p) => storyView(p.parts[1]),
  articles: (p) => articlesView(p.params), article: (p) => articleView(p.parts[1]),
  actors: (p) => actorsView(p.params), actor: (p) => actorView(p.parts.slice(1).join("/")),
};

async function route() {
  const p = parseHash();
  const name = p.parts[0] || "";
  document.querySelectorAll("nav a[data-nav]").forEach((a) => a.classList.toggle("active",
    a.dataset.nav === (name === "" ? "events" : name.replace(/^(story|article|actor)$/, "$1s"))));
  const handler = ROUTES[name] || ROUTES[""];
  view.setAttribute("aria-busy", "true");
  try {
    await handler(p);
  } catch (err) {
    show(el("p", { class: "error" }, "Could not load this page: " + err.message));
  } finally {
    view.setAttribute("aria-busy", "false");
  }
}

window.addEventListener("hashchange", route);
route();
