--[[
  weather-apply-fenced: applies one batch of weather reports that are all Kafka records
  of which no other copy exists, combined by the consumer: the counts and sums of the
  batch instead of one argument per report, so Valkey's work no longer grows with the
  batch. The batch counts as a whole when every log's offset range starts past that
  log's fence (fence-ranges.lua); otherwise nothing is written and the caller applies it
  report by report with weather-apply.lua, which skips the reports already counted.

  KEYS: none (every key is built from the prefix, as in weather-apply.lua).

  ARGV[1]   key prefix P ("" gives the reference layout)
  ARGV[2]   dedup windows in seconds, "<T>" or "<T>:<K>": the fences live T
  ARGV[3]   length of the latest-reports list
  ARGV[4]   the offset range of each log of the batch: "L1 \t first1 \t last1 \t L2 ..."
  ARGV[5]   the number of reports in the batch, N
  ARGV[6]   the counts: "m:w \t n \t m:w \t n ...", n > 0, summing to N
  ARGV[7]   the sums per municipality: "m \t n \t temperature sum \t humidity sum ...",
            the n summing to N
  ARGV[8..] the batch's last min(ARGV[3], N) reports, oldest first, each
            "id \t municipality \t weather \t temperature \t humidity \t ingestTsUs"

  Writes: the fences P rafaga_fence:Lj = last, then the same keys as weather-apply.lua
    (counts, stats, totals, latest list); no id markers.

  Result: { N, 0 } when applied; { -1, 0 } and no write when a range overlaps its fence;
  an error and no write at all for malformed input.
]]
local prefix = ARGV[1]
local latestLength = tonumber(ARGV[3])
local total = tonumber(ARGV[5])
local REPORT = '^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)$'

-- @include "fixed2.lua"
-- @include "weather-write.lua"
-- @include "fence-ranges.lua"

local function integer(text)
  local n = tonumber(text)
  if n and n == math.floor(n) then return n end
  return nil
end

if not (total and total > 0 and total == math.floor(total)) then
  return redis.error_reply('malformed report count ARGV[5]: ' .. ARGV[5])
end

local counts, counted = {}, 0
local countFields = tabFields(ARGV[6])
for i = 1, #countFields, 2 do
  local m, w = string.match(countFields[i], '^([^:]+):([^:]+)$')
  local n = integer(countFields[i + 1])
  if not (isReport('', m, w, 0, 0, 0) and n and n > 0 and not counts[countFields[i]]) then
    return redis.error_reply('malformed counts ARGV[6]: ' .. ARGV[6])
  end
  counts[countFields[i]] = n
  counted = counted + n
end

local stats, summed = {}, 0
local statFields = tabFields(ARGV[7])
for i = 1, #statFields, 4 do
  local m = statFields[i]
  local n, t, h = integer(statFields[i + 1]), integer(statFields[i + 2]), integer(statFields[i + 3])
  if not (isReport('', m, 'sunny', 0, 0, 0) and n and n > 0 and t and h and not stats[m]) then
    return redis.error_reply('malformed sums ARGV[7]: ' .. ARGV[7])
  end
  stats[m] = { n, t, h }
  summed = summed + n
end
if counted ~= total or summed ~= total or #countFields % 2 ~= 0 or #statFields % 4 ~= 0 then
  return redis.error_reply('counts and sums must each add up to ' .. total .. ' reports')
end

local latest = {}
if #ARGV - 7 ~= math.min(latestLength, total) then
  return redis.error_reply('want the last ' .. math.min(latestLength, total) .. ' reports, not ' .. (#ARGV - 7))
end
for i = 8, #ARGV do
  local r = { string.match(ARGV[i], REPORT) }
  if not isReport(r[1], r[2], r[3], r[4], r[5], r[6]) then
    return redis.error_reply('malformed report at ARGV[' .. i .. ']: ' .. ARGV[i])
  end
  latest[#latest + 1] = r
end

local fences = readFenceRanges(prefix, ARGV[2], ARGV[4])
if not fences then return { -1, 0 } end
fences.save()
writeWeather(prefix, latestLength, total, counts, stats, latest)
return { total, 0 }
