--[[
  sales-write (include): the catalog and the writes of a batch's combined aggregates,
  shared by sales-apply.lua (which combines the sales it finds new) and
  sales-apply-fenced.lua (which gets them combined by the consumer). Needs fixed2.lua
  included before it.

  CATEGORY[c]        c is a category name
  quotient(num, den) num/den as the reference's Go client prints a float64
  writeSales(prefix, applied, perCategory, rankingCat, ranking, maxCents, minCents)
    perCategory  C -> { count, quantity, cents }    rankingCat  C -> { product -> quantity }
    ranking      product -> quantity                maxCents, minCents  of the batch
]]
-- num/den (den > 0) as the reference's Go client writes a float64: the shortest digits
-- that read back as the same double. Both integers are exact below 2^53, so the division
-- is the correctly rounded quotient (the reference divides float sums, which drift).
local function quotient(num, den)
  local x = num / den
  local text
  for digits = 15, 17 do
    text = string.format('%.' .. digits .. 'g', x)
    if tonumber(text) == x then break end
  end
  return text
end

local CATEGORY = { Electronica = true, Ropa = true, Hogar = true, Belleza = true }

local function writeSales(prefix, applied, perCategory, rankingCat, ranking, maxCents, minCents)
  for c, agg in pairs(perCategory) do
    local n = redis.call('INCRBY', prefix .. 'contador:' .. c, agg[1])
    local quantity = redis.call('INCRBY', prefix .. 'suma_cantidad:' .. c, agg[2])
    local cents = redis.call('INCRBY', prefix .. 'suma_precio_cents:' .. c, agg[3])
    redis.call('SET', prefix .. 'suma_precio:' .. c, fixed2(cents, 100))
    redis.call('SET', prefix .. 'promedio_productos:' .. c, quotient(quantity, n))
    redis.call('SET', prefix .. 'promedio_precio_tag:' .. c, quotient(cents, n * 100))
    local catKey = prefix .. 'ranking_productos_cat:' .. c
    for product, q in pairs(rankingCat[c]) do
      redis.call('ZINCRBY', catKey, q, product)
    end
  end
  for product, q in pairs(ranking) do
    redis.call('ZINCRBY', prefix .. 'ranking_productos', q, product)
  end
  redis.call('INCRBY', prefix .. 'total_ventas', applied)

  local maxKey = prefix .. 'precio_max_global'
  local storedMax = tonumber(redis.call('GET', maxKey .. '_cents'))
  if not storedMax or maxCents > storedMax then
    redis.call('SET', maxKey .. '_cents', maxCents)
    redis.call('SET', maxKey, fixed2(maxCents, 100))
  end
  local minKey = prefix .. 'precio_min_global'
  local storedMin = tonumber(redis.call('GET', minKey .. '_cents'))
  if not storedMin or minCents < storedMin then
    redis.call('SET', minKey .. '_cents', minCents)
    redis.call('SET', minKey, fixed2(minCents, 100))
  end
end
