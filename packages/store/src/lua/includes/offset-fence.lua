--[[
  offset-fence (include): deduplication of one batch, shared by the apply scripts. An
  event that is the record at offset O of log L (a Kafka partition, named
  "<topic>:<topic id>:<partition>") is new when O is past the highest offset applied from
  L; any other event is new when its id marker did not exist. Offsets of one log arrive
  in order, and a consumer restarts from a committed offset, which is never past what was
  applied: a record at or below the fence was counted.

  newDedup(prefix, ttl, logsArgument, markerName) where logsArgument is the logs of the
    batch, tab-separated ("" for none). Reads the fences; no write until save().
  dedup.logs[j]          the name of log j
  dedup.isNew(id, j, O)  j = nil: SET NX EX ttl of P <markerName>:<id>; else the fence
  dedup.save()           P rafaga_fence:<log> = the highest offset applied, EX ttl
]]
local function newDedup(prefix, ttl, logsArgument, markerName)
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
      return redis.call('SET', markerPrefix .. id, '1', 'NX', 'EX', ttl)
    end,
    save = function()
      for j in pairs(moved) do
        redis.call('SET', prefix .. 'rafaga_fence:' .. logs[j], string.format('%.0f', fence[j]), 'EX', ttl)
      end
    end,
  }
end
