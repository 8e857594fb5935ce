// Shared by the browser tests: a store of the bundled samples, a `rasd serve` over it on a
// free loopback port, and headless Debian Chromium through puppeteer-core.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import puppeteer from "puppeteer-core";

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const RASD = path.resolve(ROOT, process.env.RASD || "build/rasd");
export const CHROMIUM = "/usr/bin/chromium";

export function tmpdir(tag) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rasd-web-${tag}-`));
}

// The store `make demo` makes: the samples ingested as scripts/demo.sh ingests them.
export function demoStore(dir) {
  const db = path.join(dir, "demo.db");
  const s = path.join(ROOT, "samples");
  const run = (...args) => execFileSync(RASD, ["ingest", "--db", db, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  run(path.join(s, "articles.jsonl"));
  run("--outlet", "qamishli-today", path.join(s, "local-0316.html"));
  run("--outlet", "roj-news", "--published", "2025-03-18", path.join(s, "kurd-0318.txt"));
  return db;
}

export function cli(...args) {
  return execFileSync(RASD, args).toString().split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts `rasd serve` and waits until it answers; retries on another port when the one picked
// was taken in the meantime.
export async function serve(db, { token } = {}) {
  let tokenFile = null;
  if (token) {
    tokenFile = path.join(path.dirname(db), "token");
    fs.writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const args = ["serve", "--db", db, "--listen", `127.0.0.1:${port}`, "--threads", "4"];
    if (tokenFile) args.push("--token-file", tokenFile);
    const proc = spawn(RASD, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    proc.stderr.on("data", (d) => { stderr += d; });
    let exited = null;
    proc.on("exit", (code, sig) => { exited = { code, sig }; });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !exited; i++) {
      try {
        const r = await fetch(`${base}/api/stories`);
        if (r.ok) {
          return {
            base, port, proc,
            stderr: () => stderr,
            async stop() {
              if (exited) return exited;
              proc.kill("SIGTERM");
              for (let j = 0; j < 100 && !exited; j++) await sleep(50);
              if (!exited) proc.kill("SIGKILL");
              return exited;
            },
          };
        }
      } catch { /* not listening yet */ }
      await sleep(100);
    }
    if (!exited) proc.kill("SIGKILL");
    if (!/address|in use|bind/i.test(stderr)) {
      throw new Error(`rasd serve did not come up on ${base}: ${JSON.stringify(exited)} ${stderr}`);
    }
  }
  throw new Error("rasd serve: no free loopback port");
}

export async function getJSON(base, p) {
  const r = await fetch(base + p);
  if (!r.ok) throw new Error(`GET ${p}: ${r.status} ${await r.text()}`);
  return r.json();
}

export async function browser() {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--font-render-hinting=none"],
  });
}

// A page that records every request it makes (the page must reach nothing but the server)
// and every script error.
export async function openPage(b, base, hash, { width = 1280, height = 900 } = {}) {
  const page = await b.newPage();
  page.requests = [];
  page.errors = [];
  page.on("request", (r) => page.requests.push(r.url()));
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.setViewport({ width, height });
  await page.goto(`${base}/${hash}`, { waitUntil: "load" });
  return page;
}

// The story a sample article belongs to, from the API.
export async function storyOf(base, doc) {
  const a = await getJSON(base, `/api/articles/${doc}`);
  return a.story;
}

// The charts the page should draw for a story's series (as /api/stories/{id}/figures gives
// them): one per category and group, in each the series in API order, and one step line per
// series and source (an unattributed figure's line is its outlet's), partial points apart.
export function expectedCharts(series) {
  const charts = new Map();
  for (const s of series) {
    const k = `${s.category}|${s.group}`;
    if (!charts.has(k)) charts.set(k, []);
    charts.get(k).push(s);
  }
  const out = [];
  for (const [k, ss] of charts) {
    const lines = new Map();
    const points = [];
    ss.forEach((s, si) => {
      for (const p of s.points) {
        const v = p.value ?? p.low ?? p.high;
        if (v == null) continue;
        points.push({ ...p, v, si });
        if (p.partial) continue;
        const key = `${si}|${p.source ?? "outlet:" + p.outlet}`;
        if (!lines.has(key)) lines.set(key, []);
        lines.get(key).push({ date: p.date, v });
      }
    });
    for (const [key, ps] of lines) {
      ps.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.v - b.v));
      lines.set(key, ps.map((p) => p.v).join(","));
    }
    const [category, group] = k.split("|");
    out.push({ category, group, series: ss, lines, points });
  }
  return out;
}

export { sleep };
