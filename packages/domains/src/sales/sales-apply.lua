--[[
  sales-apply: applies one batch of Black Friday sales atomically, each sale at most
  once, to the reference key layout (SPEC §2). A sale is new when it comes from a Kafka
  partition past that partition's offset fence, or else when its id marker is new.

  KEYS: none. Every key is built here from the prefix, so the script touches keys it
    does not declare. That is fine on standalone Valkey (rafaga's deployment) but makes
    it single-shard: on a cluster every key would need the same hash tag, e.g. a prefix
    like "{rafaga}:".

  ARGV[1]   key prefix P ("" gives the reference layout)
  ARGV[2]   dedup windows in seconds, "<T>", "<T>:<K>" or "<T>:<K>:<G>": id markers of
            client keys (ids "key:...") live K, a completed pair's marker G, other markers
            and the fences T (see offset-fence.lua)
  ARGV[3]   approximate cap of each price stream (XADD MAXLEN ~)
  ARGV[4]   the logs of this batch, tab-separated: L1 \t L2 ... ("" for none): Kafka
            partitions, and RabbitMQ writers' sequences as "~<log>" (offset-fence.lua)
  ARGV[5..] one sale each, in apply order, as six tab-separated fields:
            id, category name C, product id, price in cents, quantity, fence
            where fence is "" (dedup by the id marker) or "<j>:<offset>" (the sale is the
            record at that offset of log Lj: dedup by the fence alone, no marker) or
            "<j>:<offset>:p" (one copy of a pair sent to both brokers: its log, then the
            id marker, which the second copy shortens to G, see offset-fence.lua)
            (C from the catalog, integers as decimal strings, no tabs in the ids: the
            caller checks). Packed like weather-apply.lua, for the same measured reason.

  Writes (money is kept in integer cents; sums and prices get a decimal string with
  exactly 2 decimals, e.g. "123.40", written from the cents so it never drifts):
    P rafaga_fence:Lj                     the highest offset applied from Lj, EX ttl
    P sales_seen:<id>                     "1", SET NX EX ttl; only a sale that creates it counts
    P producto_monitoreado_nombre:C       the product of the first counted sale in C (set once)
    P stream_precio_producto_unico:C      XADD precio=<price> for each sale of that product
    P contador:C, P suma_cantidad:C       INCRBY
    P suma_precio_cents:C                 INCRBY, the source of truth for suma_precio:C
    P suma_precio:C                       the cents sum as "1234.50"
    P promedio_productos:C                suma_cantidad / contador
    P promedio_precio_tag:C               suma_precio / contador
                                          (both averages: the full quotient as a double,
                                          as the reference writes it, e.g. "1.9859154929577465")
    P total_ventas                        INCRBY: number of sales, all categories
    P ranking_productos                   ZINCRBY product by quantity
    P ranking_productos_cat:C             ZINCRBY product by quantity
    P precio_max_global_cents, P precio_min_global_cents   compared here, in cents
    P precio_max_global, P precio_min_global               the same as "123.45"

  Result: { applied, duplicates, stale... } (stale: 0-based indices of events too old for
    their log's window, see offset-fence.lua; neither counted nor duplicates), or an error and no write at all for malformed input.
  Valkey does not roll back a script that fails halfway (markers set, counts not), so
  every sale is parsed and checked before the first write.
]]
local prefix = ARGV[1]
local ttls = ARGV[2]
local streamCap = ARGV[3]
-- The fence field is matched in the same pass as the rest: one pattern per sale.
local SALE = '^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(%d*):?(%d*)(:?p?)$'

-- @include "fixed2.lua"

-- @include "sales-write.lua"

-- @include "offset-fence.lua"
local dedup = newDedup(prefix, ttls, ARGV[4], 'sales_seen')

local sales = {}
for i = 5, #ARGV do
  local id, c, product, cents, quantity, log, offset, pair = string.match(ARGV[i], SALE)
  cents, quantity = tonumber(cents), tonumber(quantity)
  local placed, paired
  placed, log, offset, paired = dedup.position(log or '', offset or '', pair or '')
  if not (id and CATEGORY[c] and product ~= '' and cents and quantity and placed) then
    return redis.error_reply('malformed sale at ARGV[' .. i .. ']: ' .. ARGV[i])
  end
  sales[#sales + 1] = { id, c, product, cents, quantity, log, offset, paired }
end

local monitored = {}   -- C -> monitored product, once read in this batch
local perCategory = {} -- C -> { count, quantity, cents }
local ranking = {}     -- product -> quantity
local rankingCat = {}  -- C -> { product -> quantity }
local maxCents, minCents
local applied, duplicates = 0, 0

for i, sale in ipairs(sales) do
  local c, product, cents, quantity = sale[2], sale[3], sale[4], sale[5]
  if dedup.isNew(sale[1], sale[6], sale[7], i, sale[8]) then
    applied = applied + 1

    local watched = monitored[c]
    if watched == nil then
      local key = prefix .. 'producto_monitoreado_nombre:' .. c
      watched = redis.call('GET', key)
      if not watched then
        -- The first counted sale in C, in apply order, names the product for good.
        redis.call('SET', key, product)
        watched = product
      end
      monitored[c] = watched
    end
    if watched == product then
      redis.call('XADD', prefix .. 'stream_precio_producto_unico:' .. c,
        'MAXLEN', '~', streamCap, '*', 'precio', fixed2(cents, 100))
    end

    local agg = perCategory[c]
    if not agg then
      agg = { 0, 0, 0 }
      perCategory[c] = agg
      rankingCat[c] = {}
    end
    agg[1] = agg[1] + 1
    agg[2] = agg[2] + quantity
    agg[3] = agg[3] + cents
    ranking[product] = (ranking[product] or 0) + quantity
    rankingCat[c][product] = (rankingCat[c][product] or 0) + quantity
    if not maxCents or cents > maxCents then maxCents = cents end
    if not minCents or cents < minCents then minCents = cents end
  else
    duplicates = duplicates + 1
  end
end

dedup.save()
if applied == 0 then return dedup.result(0, duplicates) end

writeSales(prefix, applied, perCategory, rankingCat, ranking, maxCents, minCents)
return dedup.result(applied, duplicates)
