--[[
  fence-ranges (include): the offset fence of a batch whose events are all Kafka records
  of which no other copy exists, given as one offset range per log instead of one
  position per event (the caller has combined the events' aggregates). The batch is new
  as a whole when every range starts past its log's fence; a batch that overlaps a fence
  (a consumer restarted from an older committed offset) is not applied here at all, and
  the caller sends it again event by event (offset-fence.lua skips the counted ones).

  readFenceRanges(prefix, ttls, rangesArgument) where ttls is the scripts' "<T>",
    "<T>:<K>" or "<T>:<K>:<G>" (fences live T) and rangesArgument is "L1 \t first1 \t last1 \t L2 ...",
    each log once, first <= last. Reads the fences; no write until save(). Returns nil
    when a range starts at or below its fence, or errors on a malformed argument.
  fences.save()   P rafaga_fence:<log> = last, EX T, for every log of the batch
  tabFields(text) the non-empty tab-separated fields of text, in order (the combined
    scripts' arguments are such lists too)
]]
local function tabFields(text)
  local fields = {}
  for field in string.gmatch(text, '[^\t]+') do fields[#fields + 1] = field end
  return fields
end

local function readFenceRanges(prefix, ttls, rangesArgument)
  local ttl = string.match(ttls, '^(%d+):?%d*:?%d*$')
  if not ttl then error('dedup TTLs must be "<T>", "<T>:<K>" or "<T>:<K>:<G>" in seconds, not ' .. ttls) end
  local fields = tabFields(rangesArgument)
  if #fields == 0 or #fields % 3 ~= 0 then error('offset ranges must be log, first, last: ' .. rangesArgument) end
  local ranges = {}
  for i = 1, #fields, 3 do
    local log, first, last = fields[i], tonumber(fields[i + 1]), tonumber(fields[i + 2])
    if not (first and last and first >= 0 and first <= last) then
      error('bad offset range of ' .. log .. ': ' .. fields[i + 1] .. '..' .. fields[i + 2])
    end
    local fence = tonumber(redis.call('GET', prefix .. 'rafaga_fence:' .. log)) or -1
    if first <= fence then return nil end
    ranges[#ranges + 1] = { log, last }
  end
  return {
    save = function()
      for _, r in ipairs(ranges) do
        redis.call('SET', prefix .. 'rafaga_fence:' .. r[1], string.format('%.0f', r[2]), 'EX', ttl)
      end
    end,
  }
end
