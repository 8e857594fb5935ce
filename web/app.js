// The page of rasd serve: a story list and a story view (figure timelines, the article behind
// each point, copied passages, a map), kept current by the server's event stream.
// d3, Plot and topojson are the vendored UMD builds loaded before this module.
const { d3, Plot, topojson } = window;

const CATEGORIES = {
  killed: "القتلى", injured: "الجرحى", arrested: "المعتقلون", escaped: "الفارّون",
  surrendered: "المستسلمون", displaced: "النازحون", detained: "المحتجزون",
  missing: "المفقودون", abducted: "المختطفون", other: "قتلى وجرحى",
};
const CATEGORY_ORDER = Object.keys(CATEGORIES);
// Display names of the group ids of the figure records (../shared/spec/figures.md); an id
// not listed shows as itself.
const GROUPS = {
  all: "كل الأطراف", unknown: "طرف غير محدد", civilians: "مدنيون", isis: "داعش",
  sdf: "قسد", iraqi_forces: "القوات العراقية", syrian_government: "الحكومة السورية",
  opposition: "المعارضة السورية", hts: "هيئة تحرير الشام", coalition: "التحالف الدولي",
  turkey: "تركيا", russia: "روسيا", iran: "إيران", houthis: "الحوثيون",
  yemen_government: "الحكومة اليمنية", saudi_coalition: "التحالف العربي",
  alqaeda: "القاعدة", israel: "إسرائيل", palestinians: "فلسطينيون",
  lebanon_hezbollah: "حزب الله", pkk: "العمال الكردستاني", taliban: "طالبان",
  afghan_government: "القوات الأفغانية", pakistan_army: "الجيش الباكستاني",
  alshabaab: "حركة الشباب", somalia_government: "الحكومة الصومالية",
  boko_haram: "بوكو حرام", nigeria_army: "الجيش النيجيري", egypt_army: "الجيش المصري",
  libya_gna: "حكومة طرابلس", libya_lna: "قوات حفتر", sudan_army: "الجيش السوداني",
  rsf: "الدعم السريع", lebanon_army: "الجيش اللبناني",
};
const enc = new TextEncoder();
const decFatal = new TextDecoder("utf-8", { fatal: true });
const decLoose = new TextDecoder("utf-8");

const state = { route: null, articles: new Map(), sourceNames: new Map(), geo: null, world: null, renders: 0, refreshTimer: 0 };
const app = document.getElementById("app");

// ---- small helpers -------------------------------------------------------------------

function el(tag, attrs = {}, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const k of kids.flat()) if (k != null) e.append(k instanceof Node ? k : String(k));
  return e;
}

async function api(path, opts = {}) {
  const r = await fetch(path, { headers: { Accept: "application/json" }, ...opts });
  const body = await r.text();
  let json = null;
  try { json = body ? JSON.parse(body) : null; } catch { /* shown below */ }
  if (!r.ok) {
    const msg = json && json.error ? `${json.error}${json.detail ? ": " + json.detail : ""}` : body;
    throw new Error(`${path}: ${r.status} ${msg}`.trim());
  }
  if (json === null && body) throw new Error(`${path}: not JSON`);
  return json;
}

// A list answer is either an array or an object holding one under one of `keys`.
function items(x, ...keys) {
  if (Array.isArray(x)) return x;
  for (const k of keys) if (x && Array.isArray(x[k])) return x[k];
  return [];
}

const catName = (c) => CATEGORIES[c] || c;
const groupName = (g, names) => (names && names[g]) || GROUPS[g] || g;
const placeName = (p) => (p && typeof p === "object" ? p.name || p.name_ar || p.id : p);
const placeId = (p) => (p && typeof p === "object" ? p.id : p);
const pointValue = (p) => p.value ?? p.low ?? p.high;
const dayOf = (s) => new Date(`${s}T00:00:00Z`);

function showError(where, err) {
  where.append(el("p", { class: "error", role: "alert", text: `تعذّر التحميل: ${err.message}` }));
}

function article(doc) {
  if (!state.articles.has(doc)) {
    const p = api(`/api/articles/${encodeURIComponent(doc)}`);
    p.catch(() => state.articles.delete(doc));
    state.articles.set(doc, p);
  }
  return state.articles.get(doc);
}

// ---- byte spans ----------------------------------------------------------------------

function decode(bytes, a, b) {
  const s = bytes.subarray(a, b);
  try { return decFatal.decode(s); } catch { return decLoose.decode(s); }
}

// Where the sentence's bytes stand in the text around [start, end), or -1.
function findAround(bytes, needle, start, end) {
  const n = needle.length;
  for (let i = Math.max(0, end - n); i <= start && i + n <= bytes.length; i++) {
    let j = 0;
    while (j < n && bytes[i + j] === needle[j]) j++;
    if (j === n) return i;
  }
  return -1;
}

// The text with the evidence bytes [start, end) marked, inside the marked sentence when it
// is given and found. Spans are byte offsets into the UTF-8 text, never string indices.
function highlighted(text, start, end, sentence) {
  const bytes = enc.encode(text);
  const frag = document.createDocumentFragment();
  if (!(Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start <= end &&
        end <= bytes.length)) {
    frag.append(text);
    return { frag, mark: null };
  }
  let s0 = start, s1 = end;
  if (sentence) {
    const sb = enc.encode(sentence);
    const at = findAround(bytes, sb, start, end);
    if (at >= 0) { s0 = at; s1 = at + sb.length; }
  }
  const ev = el("mark", { class: "evidence", "data-start": start, "data-end": end },
    decode(bytes, start, end));
  const sent = el("mark", { class: "sentence" }, decode(bytes, s0, start), ev, decode(bytes, end, s1));
  frag.append(decode(bytes, 0, s0), sent, decode(bytes, s1, bytes.length));
  return { frag, mark: sent };
}

// ---- routing -------------------------------------------------------------------------

function parseRoute() {
  const h = location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = h.split("?");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  if (parts[0] === "story" && parts[1]) return { view: "story", id: parts[1], params };
  return { view: "list", params };
}

function go() {
  state.route = parseRoute();
  document.getElementById("q").value = state.route.params.get("q") || "";
  app.replaceChildren();
  document.body.dataset.view = "loading";
  window.scrollTo(0, 0);
  if (state.route.view === "story") storyView(state.route.id);
  else listView(state.route.params);
}

document.getElementById("search").addEventListener("submit", (e) => {
  e.preventDefault();
  const params = state.route && state.route.view === "list" ? new URLSearchParams(state.route.params) : new URLSearchParams();
  const q = document.getElementById("q").value.trim();
  if (q) params.set("q", q); else params.delete("q");
  params.delete("cursor");
  location.hash = `#/?${params}`;
});

// ---- the story list ------------------------------------------------------------------

const FILTERS = [
  ["since", "من تاريخ", "date"], ["until", "إلى تاريخ", "date"], ["place", "المكان", "text"],
  ["country", "البلد", "text"], ["group", "الطرف", "group"], ["category", "الفئة", "category"],
];

function filterForm(params) {
  const form = el("form", { class: "filters", id: "filters" });
  for (const [name, label, kind] of FILTERS) {
    let input;
    if (kind === "category" || kind === "group") {
      const opts = kind === "category" ? CATEGORIES : GROUPS;
      input = el("select", { name, id: `f-${name}` }, el("option", { value: "", text: "الكل" }),
        Object.entries(opts).map(([v, t]) => el("option", { value: v, text: t })));
    } else {
      const hint = { place: "مثال: qamishli", country: "مثال: sy" }[name];
      input = el("input", { name, id: `f-${name}`, type: kind, placeholder: hint ? hint : null });
    }
    input.value = params.get(name) || "";
    form.append(el("label", {}, el("span", { text: label }), input));
  }
  form.append(el("button", { type: "submit", text: "تصفية" }),
    el("a", { href: "#/", class: "reset", text: "مسح" }));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    const q = params.get("q");
    if (q) p.set("q", q);
    for (const [name] of FILTERS) {
      const v = form.elements[name].value.trim();
      if (v) p.set(name, v);
    }
    location.hash = `#/?${p}`;
  });
  return form;
}

function storyItem(s) {
  const docs = s.docs || [];
  const count = s.articles ?? s.article_count ?? docs.length;
  return el("li", { class: `story${s.breaking ? " breaking" : ""}`, "data-story": s.id,
                    "data-last": s.last || "" },
    el("a", { href: `#/story/${encodeURIComponent(s.id)}`, class: "title" },
      s.breaking ? el("span", { class: "badge breaking-badge", text: "عاجل" }) : null,
      s.title || s.id),
    el("div", { class: "meta" },
      el("span", { class: "dates", dir: "ltr", text: s.first === s.last ? s.last : `${s.first} – ${s.last}` }),
      el("span", { class: "count", text: `${count} ${count === 1 ? "تقرير" : "تقارير"}` }),
      (s.places || []).length ? el("span", { class: "places", text: s.places.map(placeName).join("، ") }) : null,
      (s.groups || []).length ? el("span", { class: "groups", text: s.groups.map((g) => groupName(g)).join("، ") }) : null));
}

async function listView(params) {
  const list = el("ol", { class: "stories", id: "stories" });
  const more = el("button", { class: "more", hidden: true, text: "المزيد" });
  const status = el("p", { class: "status" });
  app.append(el("h1", { text: params.get("q") ? `قصص عن «${params.get("q")}»` : "القصص" }),
    filterForm(params), status, list, more);
  let cursor = null;
  async function page() {
    const p = new URLSearchParams();
    for (const [k, v] of params) if (k !== "cursor") p.set(k, v);
    if (cursor) p.set("cursor", cursor);
    more.disabled = true;
    try {
      const r = await api(`/api/stories?${p}`);
      const rows = items(r, "stories", "items", "data");
      for (const s of rows) list.append(storyItem(s));
      cursor = (r && !Array.isArray(r) && (r.next ?? r.next_cursor ?? r.cursor)) || null;
      more.hidden = !cursor;
      status.textContent = list.children.length ? "" : "لا قصص تطابق البحث.";
    } catch (err) {
      showError(status, err);
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener("click", page);
  await page();
  document.body.dataset.view = "list";
}

// ---- the story view ------------------------------------------------------------------

async function storyView(id) {
  const head = el("section", { class: "story-head" });
  const charts = el("section", { class: "charts", id: "charts" });
  const panel = el("aside", { class: "article", id: "article", hidden: true });
  const passages = el("section", { class: "passages", id: "passages" });
  const map = el("section", { class: "map", id: "map" });
  app.append(el("p", { class: "back" }, el("a", { href: "#/", text: "→ كل القصص" })),
    head, el("div", { class: "story-body" }, charts, panel), map, passages);
  let story;
  try {
    story = await api(`/api/stories/${encodeURIComponent(id)}`);
    story = story.story || story;
  } catch (err) {
    showError(head, err);
    return;
  }
  renderHead(head, story);
  await loadSourceNames(story).catch(() => false);
  await renderCharts(charts, id);
  // Marked when done (or failed), so that a reader of the page knows it has all there is.
  const done = (box) => () => { box.dataset.ready = "1"; };
  renderMap(map, story).catch((err) => showError(map, err)).finally(done(map));
  renderPassages(passages, story).catch((err) => showError(passages, err)).finally(done(passages));
  document.body.dataset.view = "story";
}

function renderHead(head, s) {
  head.replaceChildren(
    el("h1", {}, s.breaking ? el("span", { class: "badge breaking-badge", text: "عاجل" }) : null, s.title || s.id),
    el("p", { class: "meta" },
      el("span", { dir: "ltr", text: s.first === s.last ? s.last : `${s.first} – ${s.last}` }),
      " · ", `${(s.docs || []).length} تقارير`),
    el("details", { class: "docs" }, el("summary", { text: "التقارير" }),
      el("ul", {}, (s.docs || []).map((d) => {
        const it = (s.items || []).find((x) => x.id === d) || {};
        return el("li", {},
          el("button", { class: "linkish", "data-doc": d, text: it.title || d, onclick: () => openArticle({ doc: d }) }),
          el("span", { class: "muted" }, " · ", it.outlet || "", " · ", el("bdi", { dir: "ltr", text: it.published || "" })));
      }))));
}

// One chart per category and side; a series (category, side, place, scope) is one band and
// its own lines within it.
async function renderCharts(box, id) {
  let r;
  try {
    r = await api(`/api/stories/${encodeURIComponent(id)}/figures`);
  } catch (err) {
    box.replaceChildren();
    showError(box, err);
    return;
  }
  const series = items(r, "series", "items");
  const groups = d3.groups(series, (s) => `${s.category}\u0000${s.group}`);
  // By category, then the sides with most figures first.
  const size = (ss) => d3.sum(ss, (s) => (s.points || []).length);
  groups.sort(([a, sa], [b, sb]) => {
    const [ca, ga] = a.split("\u0000"), [cb, gb] = b.split("\u0000");
    return (CATEGORY_ORDER.indexOf(ca) - CATEGORY_ORDER.indexOf(cb)) || size(sb) - size(sa) ||
      ga.localeCompare(gb);
  });
  const out = [];
  for (const [, ss] of groups) out.push(chartFigure(ss));
  box.replaceChildren(el("h2", { text: "الأرقام عبر الأيام والمصادر" }),
    out.length ? el("div", { class: "chart-grid" }, out) : el("p", { class: "status", text: "لا أرقام في هذه القصة." }));
  state.renders++;
  document.body.dataset.renders = String(state.renders);
}

function lineKey(si, p) {
  return `${si}|${p.source ?? "outlet:" + p.outlet}`;
}
function sourceLabel(p) {
  if (!p.source) return `${p.outlet} (دون نسبة)`;
  return state.sourceNames.get(p.source) || p.source;
}

// Source ids read as the reports write them: the most frequent attribution text of each id
// among the figures of the story's articles (the longest on a tie).
async function loadSourceNames(story) {
  const seen = new Map();
  const arts = await Promise.all((story.docs || []).slice(0, 40).map((d) => article(d).catch(() => null)));
  for (const a of arts) {
    for (const f of (a && (a.article || a).figures) || []) {
      if (!f.source || !f.source_text) continue;
      if (!seen.has(f.source)) seen.set(f.source, new Map());
      const m = seen.get(f.source);
      m.set(f.source_text, (m.get(f.source_text) || 0) + 1);
    }
  }
  let changed = false;
  for (const [id, m] of seen) {
    const best = [...m].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0][0];
    if (state.sourceNames.get(id) !== best) { state.sourceNames.set(id, best); changed = true; }
  }
  return changed;
}

function isConflict(s, p) {
  const v = pointValue(p);
  return (s.conflicts || []).some((c) => c.date === p.date && (c.docs || []).includes(p.doc) &&
    (c.values || []).includes(v));
}

// Marks the SVG elements a Plot mark draws with classes and data attributes. Plot binds each
// element to its index in the mark's data (a line's path to its indices).
function tagged(options, data, tag) {
  return {
    ...options,
    render(index, scales, values, dims, ctx, next) {
      const g = next(index, scales, values, dims, ctx);
      for (const node of g.querySelectorAll("circle, path, rect, line")) {
        const i = node.__data__;
        if (i === undefined) continue;
        tag(node, Array.isArray(i) ? i.map((k) => data[k]) : data[i]);
      }
      return g;
    },
  };
}

// Midnights of the days shown, at most 8 of them: a tick is a day, never half of one.
function dayTicks(d0, d1) {
  const days = d3.utcDay.range(d0, new Date(+d1 + 1));
  const step = Math.ceil(days.length / 8);
  return days.filter((_, i) => i % step === 0);
}

function chartFigure(ss) {
  const { category, group } = ss[0];
  const pts = [];
  ss.forEach((s, si) => (s.points || []).forEach((p) => {
    const v = pointValue(p);
    if (v == null || !p.date) return;
    pts.push({ ...p, si, v, d: dayOf(p.date), line: lineKey(si, p), conflict: isConflict(s, p),
               location: s.location });
  }));
  const whole = pts.filter((p) => !p.partial).sort((a, b) => a.d - b.d || a.v - b.v);
  const partial = pts.filter((p) => p.partial);
  const bands = ss.map((s, si) => s.estimate && s.estimate.low != null ? {
    si, low: s.estimate.low, high: s.estimate.high ?? s.estimate.low, best: s.estimate.best ?? s.estimate.value ?? s.estimate.low,
    date: s.estimate.date, source: s.estimate.source, doc: s.estimate.doc,
  } : null).filter(Boolean);
  const keys = [...new Set(pts.map((p) => p.line))];
  const labels = new Map(pts.map((p) => [p.line, sourceLabel(p)]));
  const color = d3.scaleOrdinal(keys, d3.schemeTableau10);

  const fig = el("figure", { class: "chart", "data-category": category, "data-group": group,
                             "data-series": ss.length });
  const places = [...new Set(ss.map((s) => s.location || "—"))];
  fig.append(el("figcaption", {},
    el("strong", { text: `${catName(category)} — ${groupName(group)}` }),
    el("span", { class: "where", text: places.join("، ") })));

  if (!pts.length) {
    fig.append(el("p", { class: "status", text: "لا نقاط ذات قيمة." }));
    return fig;
  }
  const [d0, d1] = d3.extent(pts, (p) => p.d);
  const pad = 86400000 / 2;
  const ymax = d3.max([...pts.map((p) => p.v), ...bands.map((b) => b.high)]) || 1;
  // Drawn at the width it is shown at on a phone, so that its type and points keep their size.
  const narrow = app.clientWidth < 600;
  const width = narrow ? Math.max(260, app.clientWidth - 44) : 520;

  const fill = (p) => color(p.line);
  const title = (p) => `${p.date} · ${sourceLabel(p)} · ${p.outlet}\n${
    p.value ?? `${p.low ?? ""}–${p.high ?? ""}`}${p.partial ? " (جزئي)" : ""}${p.conflict ? " (تضارب)" : ""}${p.claim ? " (ادعاء)" : ""}`;
  const tagPoint = (node, p) => {
    node.classList.add("point");
    if (p.partial) node.classList.add("partial");
    if (p.conflict) node.classList.add("conflict");
    if (p.claim) node.classList.add("claim");
    Object.assign(node.dataset, {
      source: p.source ?? "", outlet: p.outlet ?? "", line: p.line, series: p.si, value: p.v,
      low: p.low ?? "", high: p.high ?? "", qualifier: p.qualifier ?? "", date: p.date,
      doc: p.doc, start: p.start, end: p.end,
    });
    node.setAttribute("tabindex", "0");
    node.setAttribute("role", "button");
    node.setAttribute("aria-label", title(p).replace("\n", " · "));
    node.addEventListener("click", () => openArticle(p));
    node.addEventListener("keydown", (e) => { if (e.key === "Enter") openArticle(p); });
  };

  const marks = [
    Plot.rectY(bands, tagged({ y1: "low", y2: "high", fill: "#f2b134", fillOpacity: 0.22 }, bands,
      (node, b) => { node.classList.add("estimate"); Object.assign(node.dataset, { series: b.si, low: b.low, high: b.high, best: b.best }); })),
    Plot.ruleY(bands, tagged({ y: "best", stroke: "#b7791f", strokeDasharray: "4,3" }, bands,
      (node, b) => { node.classList.add("estimate-best"); node.dataset.series = b.si; node.dataset.value = b.best; })),
    Plot.line(whole, tagged({ x: "d", y: "v", z: "line", stroke: fill, curve: "step-after", strokeWidth: 2 }, whole,
      (node, ps) => {
        node.classList.add("source-line");
        Object.assign(node.dataset, { line: ps[0].line, source: ps[0].source ?? "", outlet: ps[0].outlet ?? "",
          series: ps[0].si, values: ps.map((p) => p.v).join(",") });
      })),
    Plot.dot(pts.filter((p) => p.conflict), tagged({ x: "d", y: "v", r: 10, stroke: "#d62728", strokeWidth: 2.5 },
      pts.filter((p) => p.conflict), (node, p) => { node.classList.add("conflict-ring"); node.dataset.doc = p.doc; })),
    Plot.dot(whole, tagged({ x: "d", y: "v", r: narrow ? 6 : 5, fill, stroke: "white", title }, whole, tagPoint)),
    Plot.dot(partial, tagged({ x: "d", y: "v", r: narrow ? 7 : 6, symbol: "triangle", stroke: fill, fill: "white", strokeWidth: 2, title },
      partial, tagPoint)),
  ];
  const chart = Plot.plot({
    width, height: 180, marginLeft: 16, marginRight: 48, marginTop: 16, marginBottom: 30,
    style: { fontFamily: "inherit", fontSize: "12px", overflow: "visible" },
    x: { type: "utc", domain: [new Date(+d0 - pad), new Date(+d1 + pad)], reverse: true, label: null,
         ticks: dayTicks(d0, d1), tickFormat: d3.utcFormat("%-d/%-m") },
    y: { domain: [0, ymax * 1.12], nice: true, axis: "right", grid: true, label: null,
         ticks: d3.ticks(0, ymax * 1.12, 5).filter(Number.isInteger), tickFormat: d3.format("d") },
    marks,
  });
  chart.classList.add("timeline");
  fig.append(chart);
  fig.append(el("ul", { class: "legend" }, keys.map((k) => el("li", { "data-line": k },
    el("span", { class: "swatch", style: `background:${color(k)}` }), labels.get(k))),
    el("li", { class: "key" }, el("span", { class: "swatch band" }), "نطاق التقدير"),
    el("li", { class: "key" }, el("span", { class: "swatch hollow" }), "رقم جزئي"),
    el("li", { class: "key" }, el("span", { class: "swatch ring" }), "تضارب"),
    pts.some((p) => p.claim) ? el("li", { class: "key" }, el("span", { class: "swatch claim" }), "ادعاء طرف عن خصمه") : null));
  const est = bands.map((b) => el("li", {}, `التقدير${ss.length > 1 ? ` (${ss[b.si].location || "—"})` : ""}: `,
    el("strong", { text: String(b.best) }), b.low === b.high ? "" : ` (من ${b.low} إلى ${b.high})`,
    " في ", el("bdi", { dir: "ltr", text: b.date }), `، ${b.source ? state.sourceNames.get(b.source) || b.source : "دون نسبة"}`));
  // a series of separate incidents' counts has no one toll: say so rather than leave it blank
  ss.forEach((s) => { if (s.separate) est.push(el("li", { class: "separate" },
    `لا تقدير واحد${ss.length > 1 ? ` (${s.location || "—"})` : ""}: أعداد الأيام لحوادث منفصلة`)); });
  if (est.length) fig.append(el("ul", { class: "estimates" }, est));
  return fig;
}

// ---- the article behind a point ------------------------------------------------------

async function openArticle(p) {
  const panel = document.getElementById("article");
  if (!panel) return;
  panel.hidden = false;
  panel.replaceChildren(el("p", { class: "loading", text: "جارٍ تحميل التقرير…" }));
  let a;
  try {
    a = await article(p.doc);
    a = a.article || a;
  } catch (err) {
    panel.replaceChildren();
    showError(panel, err);
    return;
  }
  const figs = items(a.figures || [], "figures");
  const fig = p.start != null ? figs.find((f) => f.start === p.start && f.end === p.end) : null;
  const field = (fig && fig.field) || "text";
  const titleBox = el("h3", { class: "article-title" });
  const textBox = el("div", { class: "article-text" });
  let mark = null;
  if (p.start != null && field === "title") {
    const h = highlighted(a.title || "", p.start, p.end, fig && fig.text);
    titleBox.append(h.frag); mark = h.mark;
    textBox.append(a.text || "");
  } else {
    titleBox.append(a.title || a.id);
    if (p.start != null) {
      const h = highlighted(a.text || "", p.start, p.end, fig && fig.text);
      textBox.append(h.frag); mark = h.mark;
    } else {
      textBox.append(a.text || "");
    }
  }
  panel.replaceChildren(
    el("button", { class: "close", "aria-label": "إغلاق", text: "×", onclick: () => { panel.hidden = true; } }),
    titleBox,
    el("p", { class: "meta" }, el("span", { text: a.outlet || "" }), " · ", el("span", { dir: "ltr", text: a.published || "" }),
      a.url ? [" · ", el("a", { href: a.url, rel: "noreferrer", dir: "ltr", text: "الأصل" })] : null),
    fig ? el("p", { class: "figure-note" }, `${catName(fig.category)} · ${groupName(fig.group)} · `,
      fig.value != null ? el("strong", { text: String(fig.value) }) : `من ${fig.low ?? "?"} إلى ${fig.high ?? "?"}`,
      fig.source_text ? ` · بحسب ${fig.source_text}` : "") : null,
    textBox);
  panel.dataset.doc = p.doc;
  if (mark) mark.scrollIntoView({ block: "center", behavior: "instant" });
  else panel.scrollIntoView({ block: "nearest" });
}

// ---- copied passages -----------------------------------------------------------------

async function renderPassages(box, story) {
  const docs = (story.docs || []).slice(0, 40);
  const all = await Promise.all(docs.map((d) =>
    api(`/api/articles/${encodeURIComponent(d)}/passages`).then((r) => items(r, "passages", "items")).catch(() => [])));
  const seen = new Set();
  const pairs = [];
  for (const p of all.flat()) {
    const a = `${p.doc}:${p.start}-${p.end}`, b = `${p.other}:${p.other_start}-${p.other_end}`;
    const k = a < b ? `${a}|${b}` : `${b}|${a}`;
    if (seen.has(k)) continue;
    seen.add(k);
    pairs.push(p);
  }
  box.replaceChildren(el("h2", { text: "فقرات منقولة بين التقارير" }));
  if (!pairs.length) {
    box.append(el("p", { class: "status", text: "لا فقرات مشتركة." }));
    return;
  }
  pairs.sort((x, y) => (y.words || 0) - (x.words || 0));
  for (const p of pairs.slice(0, 20)) {
    const [a, b] = await Promise.all([article(p.doc), article(p.other)]);
    const side = (art, s, e) => {
      const t = (art.article || art);
      const bytes = enc.encode(t.text || "");
      return el("blockquote", { "data-doc": t.id },
        el("cite", {}, `${t.outlet || ""} · `, el("span", { dir: "ltr", text: t.published || "" }), ` · ${t.id}`),
        el("p", { text: e <= bytes.length ? decode(bytes, s, e) : "" }));
    };
    box.append(el("div", { class: "pair", "data-words": p.words },
      side(a, p.start, p.end), side(b, p.other_start, p.other_end),
      el("p", { class: "words", text: `${p.words} كلمة` })));
  }
}

// ---- the map -------------------------------------------------------------------------

function coords(p) {
  if (!p || typeof p !== "object") return null;
  const lat = p.lat ?? p.latitude, lon = p.lon ?? p.lng ?? p.longitude;
  if (lat != null && lon != null && lat !== "" && lon !== "") return [+lon, +lat];
  if (Array.isArray(p.coordinates)) return [+p.coordinates[0], +p.coordinates[1]];
  return null;
}

// The story's places with coordinates: from the story record when its places carry them,
// else from the GeoJSON export's figures of the story's articles (the gazetteer's points).
async function storyPlaces(story) {
  const own = (story.places || []).map((p) => ({ p, c: coords(p) })).filter((x) => x.c);
  if (own.length || !(story.places || []).length) return own;
  // The export holds every figure of the store: fetched once, and again after an ingest.
  if (!state.geo) {
    state.geo = api("/api/export.geojson");
    state.geo.catch(() => { state.geo = null; });
  }
  const geo = await state.geo;
  const docs = new Set(story.docs || []);
  const seen = new Map();
  for (const f of (geo && geo.features) || []) {
    const pr = f.properties || {};
    const c = f.geometry && f.geometry.type === "Point" ? f.geometry.coordinates : null;
    if (!docs.has(pr.doc) || !pr.location || !c || seen.has(pr.location)) continue;
    seen.set(pr.location, { p: { id: pr.location, name: pr.location_name || pr.location }, c: [+c[0], +c[1]] });
  }
  return [...seen.values()];
}

async function renderMap(box, story) {
  const places = await storyPlaces(story);
  box.replaceChildren(el("h2", { text: "الأماكن" }));
  if (!places.length) {
    box.append(el("p", { class: "status", text: "لا إحداثيات لأماكن هذه القصة." }));
    return;
  }
  if (!state.world) state.world = fetch("/assets/countries-110m.json").then((r) => r.json());
  const world = await state.world;
  const countries = topojson.feature(world, world.objects.countries);
  const w = Math.max(280, Math.min(760, box.clientWidth || 600)), h = Math.round(w * 0.62);
  const [x0, x1] = d3.extent(places, (x) => x.c[0]), [y0, y1] = d3.extent(places, (x) => x.c[1]);
  const m = Math.max(2.5, (x1 - x0) * 0.25, (y1 - y0) * 0.25);
  const frame = { type: "MultiPoint", coordinates: [[x0 - m, y0 - m], [x1 + m, y1 + m]] };
  const proj = d3.geoMercator().fitExtent([[8, 8], [w - 8, h - 8]], frame);
  const path = d3.geoPath(proj);
  const svg = d3.create("svg").attr("viewBox", `0 0 ${w} ${h}`).attr("width", w).attr("height", h)
    .attr("class", "places-map").attr("role", "img").attr("aria-label", "خريطة أماكن القصة");
  svg.append("rect").attr("class", "sea").attr("width", w).attr("height", h);
  svg.append("g").selectAll("path").data(countries.features).join("path")
    .attr("class", "country").attr("d", path).attr("data-country", (f) => f.id);
  const g = svg.append("g").selectAll("g").data(places).join("g")
    .attr("class", "place").attr("data-place", (x) => placeId(x.p))
    .attr("transform", (x) => `translate(${proj(x.c)})`);
  g.append("circle").attr("r", 6);
  g.append("text").attr("x", -9).attr("dy", "0.35em").text((x) => placeName(x.p));
  box.append(svg.node());
}

// ---- live updates --------------------------------------------------------------------

function storyOf(ev) {
  if (!ev || typeof ev !== "object") return [];
  const out = [];
  for (const k of ["story", "story_id", "id"]) if (typeof ev[k] === "string") out.push(ev[k]);
  for (const k of ["stories"]) if (Array.isArray(ev[k])) out.push(...ev[k].map((s) => (typeof s === "object" ? s.id : s)));
  return out;
}

// Whether an event may change what the page shows: any event for the list; for a story, an
// article (it may join it, or merge it with another) and what names the story, or says nothing.
function concerns(r, type, ev) {
  if (r.view !== "story" || type === "article" || type === "reconnect") return true;
  const ids = storyOf(ev);
  return !ids.length || ids.includes(r.id);
}

// Events come in bursts (an article, its story, each changed estimate): the page is drawn
// again once, a moment after the last one that concerns it.
function onEvent(type, data) {
  let ev = null;
  try { ev = JSON.parse(data); } catch { /* an event without a body still means: look again */ }
  const r = state.route;
  if (!r) return;
  if (type === "article" && ev && typeof ev.id === "string") state.articles.delete(ev.id);
  if (type === "article" || type === "reconnect") state.geo = null;
  if (!concerns(r, type, ev)) return;
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(() => {
    if (state.route !== r) return;
    if (r.view === "story") {
      const box = document.getElementById("charts");
      if (box) renderCharts(box, r.id);
    } else if (!r.params.get("cursor")) {
      const list = document.getElementById("stories");
      if (list) api(`/api/stories?${r.params}`).then((x) => {
        list.replaceChildren(...items(x, "stories", "items", "data").map(storyItem));
      }).catch(() => {});
    }
  }, 250);
}

function follow() {
  const live = document.getElementById("live");
  const es = new EventSource("/api/events");
  let down = false;
  es.addEventListener("open", () => {
    live.classList.add("on");
    live.title = "التحديث المباشر يعمل";
    // Events of the time the stream was down are not replayed: look again.
    if (down) onEvent("reconnect", "null");
    down = false;
  });
  es.addEventListener("error", () => {
    live.classList.remove("on");
    live.title = "انقطع التحديث المباشر";
    down = true;
  });
  for (const t of ["message", "article", "story", "estimate", "figures"]) {
    es.addEventListener(t, (e) => onEvent(t, e.data));
  }
}

window.addEventListener("hashchange", go);
go();
follow();
