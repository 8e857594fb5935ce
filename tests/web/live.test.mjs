// Live: a report ingested through POST /api/articles shows up in the open story page (its
// chart gains the point) and in the open story list, through /api/events, without a reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { browser, demoStore, expectedCharts, getJSON, openPage, serve, storyOf, tmpdir } from "./lib.mjs";

const TOKEN = "web-test-token-" + process.pid;
const REPORT = {
  id: "wire-0321", outlet: "shamal-news-agency", published: "2025-03-21",
  title: "ارتفاع حصيلة هجوم سجن تل جرنك في القامشلي إلى 142 قتيلا",
  text: "القامشلي (وكالة أنباء الشمال) - ارتفعت حصيلة القتلى في الهجوم الذي شنه تنظيم داعش على سجن " +
        "تل جرنك المركزي في القامشلي إلى 142 قتيلا، وفق ما أفاد المرصد السوري لحقوق الإنسان السبت.\n\n" +
        "وقال المرصد إن فرق الإنقاذ انتشلت جثث 12 شخصا من تحت أنقاض مهاجع السجن.",
};

let dir, srv, b;

before(async () => {
  dir = tmpdir("live");
  srv = await serve(demoStore(dir), { token: TOKEN });
  b = await browser();
});

after(async () => {
  if (b) await b.close();
  if (srv) await srv.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test("an ingest through the API shows up live in the story's chart and the list", async () => {
  const story = await storyOf(srv.base, "wire-0314");
  const page = await openPage(b, srv.base, `#/story/${story}`);
  await page.waitForFunction(() => document.body.dataset.view === "story", { timeout: 15000 });
  const list = await openPage(b, srv.base, "#/");
  await list.waitForSelector(`li.story[data-story="${story}"]`, { timeout: 15000 });
  const countBefore = await list.$eval(`li.story[data-story="${story}"] .count`, (e) => e.textContent);
  // Both pages must be following the stream before the ingest, or there is nothing to see.
  for (const p of [page, list]) {
    await p.waitForFunction(() => document.getElementById("live").classList.contains("on"), { timeout: 10000 });
    await p.evaluate(() => { window.__notReloaded = true; });
  }
  assert.equal(await page.$(`.point[data-doc="${REPORT.id}"]`), null, "not there before the ingest");

  const r = await fetch(`${srv.base}/api/articles`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(REPORT),
  });
  const answer = await r.json();
  assert.equal(r.status, 200, JSON.stringify(answer));
  assert.equal(answer.stored.length, 1);
  assert.equal(answer.stored[0].outcome, "new");
  assert.equal(answer.stored[0].story, story, "the follow-up joins the prison story");

  const t0 = Date.now();
  await page.waitForSelector(`.point[data-doc="${REPORT.id}"]`, { timeout: 15000 });
  const ms = Date.now() - t0;
  assert.equal(await page.evaluate(() => window.__notReloaded), true, "the page was not reloaded");

  // The chart now is the API's new series, the new toll among its lines.
  const series = (await getJSON(srv.base, `/api/stories/${story}/figures`)).series;
  const want = expectedCharts(series).find((c) => c.points.some((p) => p.doc === REPORT.id));
  const lines = await page.$$eval(`figure.chart[data-category="${want.category}"][data-group="${want.group}"] path.source-line`,
    (ps) => ps.map((p) => [p.dataset.line, p.dataset.values]));
  assert.deepEqual(new Map(lines), want.lines);
  assert.ok([...want.lines.values()].some((v) => v.split(",").includes("142")), "142 on a line");

  await list.waitForFunction((s, before) =>
    document.querySelector(`li.story[data-story="${s}"] .count`).textContent !== before,
  { timeout: 15000 }, story, countBefore);
  assert.equal(await list.evaluate(() => window.__notReloaded), true);
  const api = (await getJSON(srv.base, `/api/stories/${story}`));
  const countAfter = await list.$eval(`li.story[data-story="${story}"] .count`, (e) => e.textContent);
  assert.match(countAfter, new RegExp(`^${api.articles ?? api.docs.length} `));
  console.log(`# live update shown ${ms} ms after the ingest answered`);
  await page.close();
  await list.close();
});

test("stored text is shown as text, never run as markup", async () => {
  const title = `<img src="/assets/none" onerror="window.__ran = 1"><script>window.__ran = 2</script> مقتل 5 في قصف`;
  const r = await fetch(`${srv.base}/api/articles`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ id: "markup-1", outlet: "<b>outlet</b>", published: "2025-03-22", title,
                           text: `${title}\n\nقتل 5 مدنيين في قصف على حي <i>السلام</i> في حلب، بحسب المرصد السوري.` }),
  });
  const answer = await r.json();
  assert.equal(r.status, 200, JSON.stringify(answer));
  const story = answer.stored[0].story;
  const page = await openPage(b, srv.base, "#/");
  await page.waitForSelector(`li.story[data-story="${story}"]`, { timeout: 15000 });
  const shown = await page.$eval(`li.story[data-story="${story}"] .title`, (e) => e.textContent);
  assert.ok(shown.includes('<img src="/assets/none"'), `title shown as text: ${shown}`);
  const page2 = await openPage(b, srv.base, `#/story/${story}`);
  await page2.waitForFunction(() => document.body.dataset.view === "story", { timeout: 15000 });
  const pt = await page2.$("figure.chart .point");
  assert.ok(pt, "the report's figure is charted");
  await pt.click();
  await page2.waitForSelector("#article mark.evidence", { timeout: 10000 });
  const text = await page2.$eval("#article .article-text", (e) => e.textContent);
  assert.ok(text.includes("<i>السلام</i>"), "the article's text as stored");
  for (const p of [page, page2]) {
    assert.equal(await p.evaluate(() => window.__ran), undefined, "no markup of the store ran");
    assert.equal(await p.$$eval("img, script:not([src])", (es) => es.length), 0, "no element made from stored text");
    assert.ok(!p.requests.some((u) => u.endsWith("/assets/none")), "nothing loaded from stored text");
    await p.close();
  }
});
