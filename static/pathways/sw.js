/* Service worker, served at /sw.js by pathways.offline with VERSION, PRECACHE,
   OFFLINE and SEARCH (the search addresses) defined above this line. Pages:
   network first, then the copy kept here, then the offline page. Kept: only
   public pages (ETag, no "private" or "no-store"), never /admin/, search or
   redirects. */
var CORE = "pathways-core-" + VERSION;
var PAGES = "pathways-pages";
var STATIC = "pathways-static";
var MAX_PAGES = 80;
var SKIP = ["/admin/", "/sw.js", "/healthz"];

function searching(path) {
  return SEARCH.some(function (prefix) { return path.indexOf(prefix) === 0; });
}

function keepable(response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && !response.redirected &&
    response.headers.has("ETag") && !/no-store|private/.test(control);
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CORE).then(function (cache) {
    return Promise.all(PRECACHE.map(function (url) {
      return fetch(url, { cache: "no-cache", credentials: "omit" }).then(function (response) {
        if (keepable(response) || (url.indexOf("/static/") === 0 && response.ok)) {
          return cache.put(url, response);
        }
        if (url === OFFLINE) throw new Error("offline page unavailable");
      }, function (error) { if (url === OFFLINE) throw error; });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("pathways-core-") === 0 && name !== CORE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function trim(cache) {
  return cache.keys().then(function (keys) {
    return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map(function (key) {
      return cache.delete(key);
    }));
  });
}

function page(event, path) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (!searching(path) && keepable(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGES).then(function (cache) {
        return cache.put(request, copy).then(function () { return trim(cache); });
      }));
    }
    return response;
  }, function () {
    var kept = searching(path) ? Promise.resolve() : caches.match(request);
    return kept.then(function (hit) { return hit || caches.match(OFFLINE); });
  });
}

function asset(event) {
  return caches.match(event.request).then(function (hit) {
    return hit || fetch(event.request).then(function (response) {
      if (response.ok && response.type === "basic") {
        var copy = response.clone();
        event.waitUntil(caches.open(STATIC).then(function (cache) {
          return cache.put(event.request, copy);
        }));
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (SKIP.some(function (prefix) { return url.pathname.indexOf(prefix) === 0; })) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(event));
  } else if (request.mode === "navigate" || (request.headers.get("Accept") || "").indexOf("text/html") !== -1) {
    event.respondWith(page(event, url.pathname));
  }
});
