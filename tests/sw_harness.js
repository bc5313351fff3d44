/* Runs the service worker (argv[2]) against a fake browser for tests/test_offline.py. */
const vm = require("vm");
const fs = require("fs");
const script = fs.readFileSync(process.argv[2], "utf8");
const handlers = {};
const stores = {};
function headers(map) { return { get: k => map[k.toLowerCase()] ?? null, has: k => k.toLowerCase() in map }; }
function response(url, map, extra) {
  const r = Object.assign({ ok: true, type: "basic", redirected: false, url, headers: headers(map) }, extra || {});
  r.clone = () => r;
  return r;
}
const cache = name => ({
  put: (req, res) => { (stores[name] = stores[name] || {})[typeof req === "string" ? req : req.url] = res; return Promise.resolve(); },
  keys: () => Promise.resolve(Object.keys(stores[name] || {})),
  delete: key => { delete stores[name][key]; return Promise.resolve(true); },
});
let online = true;
const replies = JSON.parse(process.argv[3]);
const sandbox = {
  self: { addEventListener: (t, f) => { handlers[t] = f; }, location: { origin: "https://site.test" },
          skipWaiting: () => Promise.resolve(), clients: { claim: () => Promise.resolve() } },
  caches: {
    open: name => Promise.resolve(cache(name)),
    keys: () => Promise.resolve(Object.keys(stores)),
    delete: name => { delete stores[name]; return Promise.resolve(true); },
    match: req => { const u = typeof req === "string" ? req : req.url;
      for (const s of Object.values(stores)) { for (const [k, v] of Object.entries(s)) {
        if (k === u || "https://site.test" + k === u) return Promise.resolve(v); } }
      return Promise.resolve(undefined); },
  },
  fetch: req => { const u = typeof req === "string" ? req : req.url;
    if (!online) return Promise.reject(new TypeError("offline"));
    const path = u.replace("https://site.test", "");
    const reply = replies[path] || { headers: { etag: "\"x\"", "cache-control": "no-cache" } };
    return Promise.resolve(response(u, reply.headers, reply.extra)); },
  URL, Promise, console,
};
vm.createContext(sandbox);
vm.runInContext(script, sandbox);
async function visit(path, mode) {
  const waits = [];
  let answered = null;
  const request = { url: "https://site.test" + path, method: "GET", mode: mode || "navigate",
                    headers: headers({ accept: "text/html" }) };
  handlers.fetch({ request, respondWith: p => { answered = p; }, waitUntil: p => waits.push(p) });
  const result = answered ? await answered : "not handled";
  await Promise.all(waits);
  return result === "not handled" ? result : (result ? result.url.replace("https://site.test", "") : null);
}
(async () => {
  const waits = [];
  await handlers.install({ waitUntil: p => waits.push(p) }); await Promise.all(waits);
  const out = { precached: Object.keys(stores).map(n => [n, Object.keys(stores[n])]) };
  const paths = JSON.parse(process.argv[4]);
  for (const p of paths) await visit(p);
  out.kept = Object.keys(stores["pathways-pages"] || {}).map(u => u.replace("https://site.test", ""));
  online = false;
  out.offline = {};
  for (const p of JSON.parse(process.argv[5])) out.offline[p] = await visit(p);
  console.log(JSON.stringify(out));
})();
