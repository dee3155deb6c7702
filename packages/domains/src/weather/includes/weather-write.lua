--[[
  weather-write (include): the catalogs, one report's check, and the writes of a batch's
  combined aggregates, shared by weather-apply.lua (which combines the reports it finds
  new) and weather-apply-fenced.lua (which gets them combined by the consumer). Needs
  fixed2.lua included before it.

  isReport(id, m, w, t, h, ts)   the fields of one report are well formed
  writeWeather(prefix, latestLength, applied, counts, stats, latest)
    counts  "m:w" -> n            stats  m -> { n, temperature sum, humidity sum }
    latest  the last applied reports, oldest first, each { id, m, w, t, h, ts } as text
]]
local MUNICIPALITY = { mixco = true, guatemala = true, amatitlan = true, chinautla = true }
local WEATHER = { sunny = true, cloudy = true, rainy = true, foggy = true }

local function isReport(id, m, w, t, h, ts)
  return id ~= nil and MUNICIPALITY[m] and WEATHER[w] and tonumber(t) and tonumber(h)
    and tonumber(ts) and true or false
end

local function writeWeather(prefix, latestLength, applied, counts, stats, latest)
  for mw, n in pairs(counts) do
    redis.call('INCRBY', prefix .. 'weather:' .. mw, n)
  end

  local totalsKey = prefix .. 'weather_totals'
  for m, s in pairs(stats) do
    local key = prefix .. 'weather_stats:' .. m
    local n = redis.call('HINCRBY', key, 'count', s[1])
    local tsum = redis.call('HINCRBY', key, 'temperature_sum', s[2])
    local hsum = redis.call('HINCRBY', key, 'humidity_sum', s[3])
    redis.call('HSET', key, 'temperature_avg', fixed2(tsum, n), 'humidity_avg', fixed2(hsum, n))
    redis.call('HINCRBY', totalsKey, m, s[1])
  end
  redis.call('HINCRBY', totalsKey, 'total', applied)

  if latestLength > 0 and #latest > 0 then
    -- LPUSH oldest first so the newest report ends at the head.
    local ordered = {}
    for i, r in ipairs(latest) do
      -- Numbers stay the caller's strings: cjson would print a microsecond timestamp as 1.7e+15.
      ordered[i] = '{"id":' .. cjson.encode(r[1])
        .. ',"municipality":"' .. r[2] .. '","weather":"' .. r[3]
        .. '","temperature":' .. r[4] .. ',"humidity":' .. r[5]
        .. ',"ingestTsUs":' .. r[6] .. '}'
    end
    local latestKey = prefix .. 'weather_latest'
    redis.call('LPUSH', latestKey, unpack(ordered))
    redis.call('LTRIM', latestKey, 0, latestLength - 1)
  end
end
