// The page in headless Chromium over `rasd serve` of the demo store: the story list, a story's
// charts against the API's series, conflicts, the evidence behind a point, right-to-left
// layout, a phone's width, and a screenshot for people to look at (build/story.png).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT, browser, cli, demoStore, expectedCharts, getJSON, openPage, serve, storyOf, tmpdir } from "./lib.mjs";

let dir, db, srv, b, story, figures;

before(async () => {
  dir = tmpdir("story");
  db = demoStore(dir);
  srv = await serve(db);
  b = await browser();
  story = await storyOf(srv.base, "wire-0314");
  figures = await getJSON(srv.base, `/api/stories/${story}/figures`);
});

after(async () => {
  if (b) await b.close();
  if (srv) await srv.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function storyPage(opts) {
  const page = await openPage(b, srv.base, `#/story/${story}`, opts);
  await page.waitForFunction(() => document.body.dataset.view === "story", { timeout: 15000 });
  return page;
}

test("the story list shows the demo's stories, newest first", async () => {
  const page = await openPage(b, srv.base, "#/");
  await page.waitForSelector("li.story", { timeout: 15000 });
  const shown = await page.$$eval("li.story", (ls) => ls.map((l) => ({
    id: l.dataset.story, title: l.querySelector(".title").textContent.replace(/^عاجل/, ""),
    last: l.dataset.last, breaking: l.classList.contains("breaking"),
  })));
  const stored = cli("stories", "--db", db);
  assert.deepEqual(shown.map((s) => s.id).sort(), stored.map((s) => s.id).sort(), "stories of rasd stories");
  for (const s of stored) assert.equal(shown.find((x) => x.id === s.id).title, s.title, `title of ${s.id}`);
  const api = (await getJSON(srv.base, "/api/stories")).stories;
  assert.deepEqual(shown.map((s) => s.id), api.map((s) => s.id), "in the API's order");
  assert.deepEqual(shown.map((s) => s.breaking), api.map((s) => !!s.breaking), "breaking as the API says");
  for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1].last >= shown[i].last, "newest first");
  await page.close();
});

test("a search in the box filters the list through the API", async () => {
  const page = await openPage(b, srv.base, "#/");
  await page.waitForSelector("li.story", { timeout: 15000 });
  await page.type("#q", "الليرة");
  await page.click("#search button");
  // The list of the query is drawn once its heading names it and its first page came.
  await page.waitForFunction(() => location.hash.includes("q=") &&
    document.querySelector("main h1").textContent.includes("الليرة") &&
    document.querySelector("main .status") && document.body.dataset.view === "list" &&
    document.querySelectorAll("li.story").length > 0, { timeout: 15000 });
  const ids = await page.$$eval("li.story", (ls) => ls.map((l) => l.dataset.story));
  const api = (await getJSON(srv.base, `/api/stories?q=${encodeURIComponent("الليرة")}`)).stories.map((s) => s.id);
  assert.ok(api.length > 0, "the API finds the currency story");
  assert.ok(!api.includes(story), "and not the prison story");
  assert.deepEqual(ids, api);
  await page.close();
});

test("a story's charts have one line per source with the points' values", async () => {
  const page = await storyPage();
  const want = expectedCharts(figures.series);
  const got = await page.$$eval("figure.chart", (fs) => fs.map((f) => ({
    category: f.dataset.category, group: f.dataset.group,
    lines: [...f.querySelectorAll("path.source-line")].map((p) => [p.dataset.line, p.dataset.values]),
    points: [...f.querySelectorAll(".point")].map((c) => ({
      doc: c.dataset.doc, start: +c.dataset.start, end: +c.dataset.end, v: +c.dataset.value,
      date: c.dataset.date, partial: c.classList.contains("partial"),
      y: c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2,
      x: c.getBoundingClientRect().left + c.getBoundingClientRect().width / 2,
    })),
  })));
  assert.deepEqual(got.map((c) => `${c.category}|${c.group}`).sort(),
    want.map((c) => `${c.category}|${c.group}`).sort(), "one chart per category and side");
  assert.ok(want.some((c) => c.lines.size > 1), "the demo has a chart of two sources");
  for (const w of want) {
    const g = got.find((c) => c.category === w.category && c.group === w.group);
    const where = `${w.category}/${w.group}`;
    assert.deepEqual(new Map(g.lines), w.lines, `${where}: lines and their values`);
    const key = (p) => `${p.doc}:${p.start}-${p.end}:${p.v}:${p.partial}:${p.date}`;
    assert.deepEqual(g.points.map(key).sort(),
      w.points.map((p) => key({ ...p, partial: !!p.partial })).sort(), `${where}: points`);
    // Drawn where their values say: a higher value stands higher, a later day further left.
    for (const p of g.points) for (const q of g.points) {
      if (p.v > q.v) assert.ok(p.y < q.y, `${where}: ${p.v} above ${q.v}`);
      if (p.date > q.date) assert.ok(p.x < q.x, `${where}: ${p.date} left of ${q.date} (right to left)`);
    }
  }
  const bands = await page.$$eval("figure.chart rect.estimate", (rs) => rs.length);
  assert.equal(bands, figures.series.filter((s) => s.estimate && s.estimate.low != null).length, "an estimate band per series");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a conflict is marked on the points that disagree", async () => {
  const page = await storyPage();
  const want = [];
  for (const s of figures.series) {
    for (const c of s.conflicts || []) {
      for (const p of s.points) {
        const v = p.value ?? p.low ?? p.high;
        if (p.date === c.date && c.docs.includes(p.doc) && c.values.includes(v)) {
          want.push(`${s.category}|${s.group}|${p.doc}|${p.start}|${v}`);
        }
      }
    }
  }
  assert.ok(want.length >= 2, "the demo's story has a conflict (SDF dead: 9 against 35)");
  const got = await page.$$eval("figure.chart .point.conflict", (cs) => cs.map((c) => {
    const f = c.closest("figure");
    return `${f.dataset.category}|${f.dataset.group}|${c.dataset.doc}|${c.dataset.start}|${c.dataset.value}`;
  }));
  assert.deepEqual(got.sort(), want.sort());
  const rings = await page.$$eval("figure.chart .conflict-ring", (cs) => cs.length);
  assert.equal(rings, want.length, "each conflicting point ringed");
  await page.close();
});

test("clicking a point opens its article with the sentence and evidence highlighted by byte span", async () => {
  const page = await storyPage();
  const points = await page.$$eval("figure.chart .point", (cs) => cs.map((c) => ({
    doc: c.dataset.doc, start: +c.dataset.start, end: +c.dataset.end })));
  assert.ok(points.length > 0);
  let first = true;
  for (const p of points) {
    const sel = `figure.chart .point[data-doc="${p.doc}"][data-start="${p.start}"]`;
    if (first) {
      await page.click(sel); // a real mouse click on the first
      first = false;
    } else {
      await page.$eval(sel, (c) => c.dispatchEvent(new MouseEvent("click", { bubbles: true })));
    }
    await page.waitForFunction((d, s) => {
      const a = document.getElementById("article");
      const m = a && a.querySelector("mark.evidence");
      return a && !a.hidden && a.dataset.doc === d && m && m.dataset.start === String(s);
    }, { timeout: 10000 }, p.doc, p.start);
    const shown = await page.$eval("#article", (a) => ({
      sentence: a.querySelector("mark.sentence").textContent,
      evidence: a.querySelector("mark.evidence").textContent,
    }));
    const art = await getJSON(srv.base, `/api/articles/${p.doc}`);
    const fig = art.figures.find((f) => f.start === p.start && f.end === p.end);
    assert.ok(fig, `${p.doc} [${p.start},${p.end}) is a figure of the article`);
    const field = fig.field === "title" ? art.title : art.text;
    const bytes = Buffer.from(field, "utf8");
    assert.equal(shown.evidence, bytes.subarray(p.start, p.end).toString("utf8"), `evidence of ${p.doc}@${p.start}`);
    assert.equal(shown.sentence, fig.text, `sentence of ${p.doc}@${p.start}`);
  }
  await page.close();
});

test("the page is right to left, in Arabic type, and reaches nothing but the server", async () => {
  const page = await storyPage();
  const r = await page.evaluate(async () => {
    await document.fonts.ready;
    const range = document.createRange();
    range.selectNodeContents(document.querySelector(".story-head h1"));
    const h1 = range.getBoundingClientRect();
    const main = document.querySelector("main").getBoundingClientRect();
    return {
      dir: document.documentElement.getAttribute("dir"), lang: document.documentElement.lang,
      direction: getComputedStyle(document.body).direction,
      font: getComputedStyle(document.body).fontFamily,
      noto: document.fonts.check('16px "Noto Naskh Arabic"', "قتل"),
      rightGap: main.right - h1.right, leftGap: h1.left - main.left,
    };
  });
  assert.equal(r.dir, "rtl");
  assert.equal(r.lang, "ar");
  assert.equal(r.direction, "rtl");
  assert.match(r.font, /Noto Naskh Arabic/);
  assert.ok(r.noto, "Noto Naskh Arabic is available to the page");
  assert.ok(r.rightGap < r.leftGap, `the title hugs the right edge (${r.rightGap} < ${r.leftGap})`);
  const foreign = page.requests.filter((u) => !u.startsWith(`${srv.base}/`));
  assert.deepEqual(foreign, [], "no request leaves the server");
  await page.close();
});

test("on a phone's width the story page fits without sideways scrolling", async () => {
  const page = await storyPage({ width: 390, height: 844 });
  await page.waitForSelector("figure.chart svg");
  const r = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, width: window.innerWidth,
    chart: document.querySelector("figure.chart svg").getBoundingClientRect().width,
    fontSize: parseFloat(getComputedStyle(document.querySelector(".article-text, main")).fontSize),
  }));
  assert.ok(r.scroll <= r.width + 1, `page ${r.scroll}px wide in a ${r.width}px window`);
  assert.ok(r.chart <= r.width, `chart ${r.chart}px`);
  assert.ok(r.fontSize >= 15, `text ${r.fontSize}px`);
  await page.close();
});

test("a map of the story's places from the country outlines", async () => {
  const page = await storyPage();
  await page.waitForSelector("#map[data-ready]", { timeout: 15000 });
  const r = await page.evaluate(() => ({
    countries: document.querySelectorAll("#map path.country").length,
    places: [...document.querySelectorAll("#map .place")].map((g) => g.dataset.place),
  }));
  assert.ok(r.countries > 100, `${r.countries} country outlines`);
  // The places of the story's figures that the gazetteer has coordinates for.
  const s = await getJSON(srv.base, `/api/stories/${story}`);
  const geo = await getJSON(srv.base, "/api/export.geojson");
  const want = new Set(geo.features.filter((f) => s.docs.includes(f.properties.doc)).map((f) => f.properties.location));
  assert.deepEqual(r.places.sort(), [...want].sort());
  assert.ok(r.places.includes("qamishli"), "Qamishli is on the map");
  await page.close();
});

test("a screenshot of the story page (build/story.png)", async () => {
  const page = await storyPage({ width: 1280, height: 1500 });
  await page.waitForSelector("figure.chart .point");
  await page.evaluate(() => document.fonts.ready);
  const first = await page.$("figure.chart .point:not(.partial)");
  await first.click();
  await page.waitForSelector("#article mark.evidence");
  await page.evaluate(() => window.scrollTo(0, 0));
  const out = path.join(ROOT, "build", "story.png");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  const png = fs.readFileSync(out);
  assert.equal(png.subarray(1, 4).toString(), "PNG");
  assert.equal(png.readUInt32BE(16), 1280);
  assert.ok(png.length > 50000, `${png.length} bytes`);
  await page.close();
});

test("an unknown story says what the server said", async () => {
  const page = await openPage(b, srv.base, "#/story/s999999");
  await page.waitForSelector(".error", { timeout: 15000 });
  const msg = await page.$eval(".error", (e) => e.textContent);
  const r = await fetch(`${srv.base}/api/stories/s999999`);
  const body = await r.json();
  assert.equal(r.status, 404);
  assert.ok(msg.includes("404") && msg.includes(body.error), msg);
  assert.deepEqual(page.errors, []);
  await page.close();
});
