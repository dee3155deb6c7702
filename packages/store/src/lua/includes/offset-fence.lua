--[[
  offset-fence (include): deduplication of one batch, shared by the apply scripts. An
  event that is the record at offset O of log L (a Kafka partition, named
  "<topic>:<topic id>:<partition>") is new when O is past the highest offset applied from
  L; any other event is new when its id marker did not exist. Offsets of one log arrive
  in order, and a consumer restarts from a committed offset, which is never past what was
  applied: a record at or below the fence was counted.

  newDedup(prefix, ttls, logsArgument, markerName) where ttls is "<T>" or "<T>:<K>" (the
    scripts' ARGV[2]): markers of client keys (ids "key:...") live K seconds, the others
    and the fences T (K defaults to T); logsArgument is the logs of the batch,
    tab-separated ("" for none). Reads the fences; no write until save().
  dedup.logs[j]          the name of log j
  dedup.isNew(id, j, O)  j = nil: SET NX EX T or K of P <markerName>:<id>; else the fence
  dedup.save()           P rafaga_fence:<log> = the highest offset applied, EX T
]]
local function newDedup(prefix, ttls, logsArgument, markerName)
  local ttl, keyTtl = string.match(ttls, '^(%d+):?(%d*)$')
  if not ttl then error('dedup TTLs must be "<seconds>" or "<seconds>:<seconds>", not ' .. ttls) end
  if keyTtl == '' then keyTtl = ttl end
  local logs, fence, moved = {}, {}, {}
  for log in string.gmatch(logsArgument, '[^\t]+') do
    logs[#logs + 1] = log
    fence[#logs] = tonumber(redis.call('GET', prefix .. 'rafaga_fence:' .. log)) or -1
  end
  local markerPrefix = prefix .. markerName .. ':'
  return {
    logs = logs,
    isNew = function(id, log, offset)
      if log then
        if offset <= fence[log] then return false end
        fence[log] = offset
        moved[log] = true
        return true
      end
      local window = string.sub(id, 1, 4) == 'key:' and keyTtl or ttl
      return redis.call('SET', markerPrefix .. id, '1', 'NX', 'EX', window)
    end,
    save = function()
      for j in pairs(moved) do
        redis.call('SET', prefix .. 'rafaga_fence:' .. logs[j], string.format('%.0f', fence[j]), 'EX', ttl)
      end
    end,
  }
end
