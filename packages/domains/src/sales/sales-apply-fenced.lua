--[[
  sales-apply-fenced: applies one batch of Black Friday sales that are all Kafka records
  of which no other copy exists, combined by the consumer: per category its counts and
  sums, the rankings, the extremes, and each product's prices in apply order (only the
  monitored product's are read), so Valkey does per sale only the price stream's XADD.
  The batch counts as a whole when every log's offset range starts past that log's fence
  (fence-ranges.lua); otherwise nothing is written and the caller applies it sale by
  sale with sales-apply.lua, which skips the sales already counted.

  KEYS: none (every key is built from the prefix, as in sales-apply.lua).

  ARGV[1]   key prefix P ("" gives the reference layout)
  ARGV[2]   dedup windows in seconds, "<T>" or "<T>:<K>": the fences live T
  ARGV[3]   approximate cap of each price stream (XADD MAXLEN ~)
  ARGV[4]   the offset range of each log of the batch: "L1 \t first1 \t last1 \t L2 ..."
  ARGV[5]   the number of sales in the batch, N
  ARGV[6]   per category: "C \t count \t quantity \t cents \t product of its first sale ...",
            the counts summing to N
  ARGV[7]   the quantity per product, all categories: "product \t quantity ..."
  ARGV[8]   the quantity per category and product: "C \t product \t quantity ..."
  ARGV[9]   "<highest> \t <lowest>" price of the batch, in cents
  ARGV[10..] one per category and product sold: "C \t product \t cents,cents,...", its
            prices in apply order

  Writes: the fences P rafaga_fence:Lj = last, then the same keys as sales-apply.lua; no
    id markers.

  Result: { N, 0 } when applied; { -1, 0 } and no write when a range overlaps its fence;
  an error and no write at all for malformed input.
]]
local prefix = ARGV[1]
local streamCap = ARGV[3]
local total = tonumber(ARGV[5])

-- @include "fixed2.lua"
-- @include "sales-write.lua"
-- @include "fence-ranges.lua"

local function count(text)
  local n = tonumber(text)
  if n and n > 0 and n == math.floor(n) then return n end
  return nil
end

local function refuse(i, what)
  return redis.error_reply('malformed ' .. what .. ' ARGV[' .. i .. ']: ' .. (ARGV[i] or ''))
end

if not count(ARGV[5]) then return refuse(5, 'sale count') end

local perCategory, rankingCat, firstProduct, counted = {}, {}, {}, 0
local f = tabFields(ARGV[6])
if #f == 0 or #f % 5 ~= 0 then return refuse(6, 'categories') end
for i = 1, #f, 5 do
  local c, n, quantity, cents = f[i], count(f[i + 1]), count(f[i + 2]), count(f[i + 3])
  if not (CATEGORY[c] and n and quantity and cents and not perCategory[c]) then
    return refuse(6, 'categories')
  end
  perCategory[c] = { n, quantity, cents }
  rankingCat[c] = {}
  firstProduct[c] = f[i + 4]
  counted = counted + n
end
if counted ~= total then return refuse(6, 'categories (counts must add up to ARGV[5])') end

local ranking = {}
f = tabFields(ARGV[7])
if #f % 2 ~= 0 then return refuse(7, 'ranking') end
for i = 1, #f, 2 do
  local q = count(f[i + 1])
  if not q then return refuse(7, 'ranking') end
  ranking[f[i]] = q
end

f = tabFields(ARGV[8])
if #f % 3 ~= 0 then return refuse(8, 'category ranking') end
for i = 1, #f, 3 do
  local q = count(f[i + 2])
  if not (rankingCat[f[i]] and q) then return refuse(8, 'category ranking') end
  rankingCat[f[i]][f[i + 1]] = q
end

local maxCents, minCents = string.match(ARGV[9], '^(%d+)\t(%d+)$')
maxCents, minCents = tonumber(maxCents), tonumber(minCents)
if not (maxCents and minCents and minCents <= maxCents) then return refuse(9, 'extremes') end

local prices = {}  -- C -> { product -> "cents,cents,..." }
for i = 10, #ARGV do
  local c, product, list = string.match(ARGV[i], '^([^\t]+)\t([^\t]+)\t([%d,]+)$')
  if not (c and perCategory[c]) then return refuse(i, 'prices') end
  prices[c] = prices[c] or {}
  prices[c][product] = list
end

local fences = readFenceRanges(prefix, ARGV[2], ARGV[4])
if not fences then return { -1, 0 } end
fences.save()

for c in pairs(perCategory) do
  local key = prefix .. 'producto_monitoreado_nombre:' .. c
  local watched = redis.call('GET', key)
  if not watched then
    -- The first counted sale in C, in apply order, names the product for good.
    watched = firstProduct[c]
    redis.call('SET', key, watched)
  end
  local list = prices[c] and prices[c][watched]
  if list then
    local stream = prefix .. 'stream_precio_producto_unico:' .. c
    for cents in string.gmatch(list, '%d+') do
      redis.call('XADD', stream, 'MAXLEN', '~', streamCap, '*', 'precio', fixed2(tonumber(cents), 100))
    end
  end
end
writeSales(prefix, total, perCategory, rankingCat, ranking, maxCents, minCents)
return { total, 0 }
