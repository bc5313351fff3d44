-- A mix of public pages and searches for the load run, counting responses by
-- status so 429s (the search limit working) are reported apart from errors.
local paths = {
  "/", "/pathway/", "/pathway/stabilization/", "/pathway/getting-help/",
  "/articles/naloxone/", "/articles/buprenorphine/", "/articles/methadone/",
  "/articles/overdose-response/", "/substances/fentanyl/", "/glossary/",
  "/search/?q=suboxone", "/search/?q=dope+sick", "/search/?q=overdose",
  "/search/?q=methadone+clinic", "/search/?q=withdrawals",
}
local threads = {}
local counter = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  s2xx, s429, s4xx, s5xx = 0, 0, 0, 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if status == 429 then s429 = s429 + 1
  elseif status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  else s2xx = s2xx + 1 end
end

function done(summary, latency, requests)
  local t = {s2xx = 0, s429 = 0, s4xx = 0, s5xx = 0}
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do t[key] = t[key] + thread:get(key) end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("s2xx=%d s429=%d s4xx=%d s5xx=%d errors=%d\n",
    t.s2xx, t.s429, t.s4xx, t.s5xx, errors))
end
