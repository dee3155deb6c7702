--[[
  tally-apply (the test-only tally domain): adds each new event's amount to its counter,
  each event at most once, deduplicated like the built-in scripts (a Kafka offset fence,
  else an id marker).

  KEYS: none. Every key is built here from the prefix (single-shard, like the others).

  ARGV[1]   key prefix P
  ARGV[2]   dedup windows in seconds, "<T>", "<T>:<K>" or "<T>:<K>:<G>": id markers of
            client keys (ids "key:...") live K, a completed pair's marker G, other markers
            and the fences T (see offset-fence.lua)
  ARGV[3]   the logs of this batch, tab-separated ("" for none): Kafka partitions, and
            RabbitMQ writers' sequences as "~<log>" (offset-fence.lua)
  ARGV[4..] one event each: id \t counter \t amount \t fence ("", "<j>:<offset>" or
            "<j>:<offset>:p", as in offset-fence.lua's dedup.position)

  Writes:
    P rafaga_fence:Lj     the highest offset applied from Lj, EX ttl
    P tally_seen:<id>     "1", SET NX EX ttl; only an event that creates it counts
    P tally:<counter>     INCRBY the amounts of the new events
    P tally_events        INCRBY the number of new events

  Result: { applied, duplicates, stale... } (stale: 0-based indices of events too old for
    their log's window, see offset-fence.lua; neither counted nor duplicates), or an error and no write at all for malformed input.
]]
local prefix = ARGV[1]
local ttls = ARGV[2]
local EVENT = '^([^\t]+)\t([a-z0-9-]+)\t(%d+)\t(%d*):?(%d*)(:?p?)$'

-- @include "offset-fence.lua"
local dedup = newDedup(prefix, ttls, ARGV[3], 'tally_seen')

local events = {}
for i = 4, #ARGV do
  local id, counter, amount, log, offset, pair = string.match(ARGV[i], EVENT)
  local placed, paired
  placed, log, offset, paired = dedup.position(log or '', offset or '', pair or '')
  if not (id and placed) then
    return redis.error_reply('malformed event at ARGV[' .. i .. ']: ' .. ARGV[i])
  end
  events[#events + 1] = { id, counter, tonumber(amount), log, offset, paired }
end

local sums, applied, duplicates = {}, 0, 0
for i, e in ipairs(events) do
  if dedup.isNew(e[1], e[4], e[5], i, e[6]) then
    applied = applied + 1
    sums[e[2]] = (sums[e[2]] or 0) + e[3]
  else
    duplicates = duplicates + 1
  end
end

dedup.save()
for counter, n in pairs(sums) do
  redis.call('INCRBY', prefix .. 'tally:' .. counter, n)
end
if applied > 0 then redis.call('INCRBY', prefix .. 'tally_events', applied) end
return dedup.result(applied, duplicates)
