--[[
  offset-fence (include): deduplication of one batch, shared by the apply scripts. An
  event that is the record at offset O of log L (a Kafka partition, named
  "<topic>:<topic id>:<partition>") is new when O is past the highest offset applied from
  L; any other event is new when its id marker did not exist. Offsets of one log arrive
  in order, and a consumer restarts from a committed offset, which is never past what was
  applied: a record at or below the fence was counted.

  A windowed log (its name given with a leading "~") is a RabbitMQ writer's sequence on
  one queue: its messages arrive out of order (several consumers, requeues), so it keeps,
  besides the highest sequence applied H, one bit per sequence for the last WINDOW of
  them (P rafaga_window:<log>, a 128 KiB string at most). Sequence S is new when S > H,
  or S > H - WINDOW and its bit was clear; S <= H - WINDOW is stale: it may or may not
  have been counted, so it is neither counted nor dropped but reported (dedup.result),
  and the consumer dead-letters it.

  An event sent to both brokers is a pair of copies (paired): each copy is checked by
  its own log as above, which catches that copy's redeliveries, and the first copy of the
  pair to arrive sets the id marker (SET NX EX T) and counts. The second finds it, does
  not count, and shortens the marker to G seconds: the pair is complete, no third copy
  can come, and the markers of a steady flow stay bounded by the lag between the two
  brokers' consumers plus G instead of T.

  newDedup(prefix, ttls, logsArgument, markerName) where ttls is "<T>", "<T>:<K>" or
    "<T>:<K>:<G>" (the scripts' ARGV[2]): markers of client keys (ids "key:...") live K
    seconds, the others, the fences and the windows T, a completed pair's marker G (K and
    G default to T); logsArgument is the logs of the batch, tab-separated ("" for none).
    Reads the fences; no write until isNew/save.
  dedup.position(L, O, P)   an event's fence field "" or "<j>:<offset>[:p]" as captured:
                            ok, j, offset, paired (":p": the copy has a twin)
  dedup.isNew(id, j, O, i, paired)  j = nil: SET NX EX T or K of P <markerName>:<id>;
                            else the fence or window of log j, and for a paired copy
                            (not a client key's) that copy's log first, then the marker.
                            i: the event's place in the batch (1-based), recorded when
                            the event is stale
  dedup.save()              P rafaga_fence:<log> = the highest offset applied, EX T; each
                            window's bits EX T
  dedup.result(applied, notNew)   the scripts' reply: { applied, duplicates, stale
                            indices (0-based)... }, duplicates = notNew - stale
]]
local WINDOW = 1048576

-- Clears the window bits of sequences from..to (to - from < WINDOW): up to two runs of
-- bit positions (the ring wraps), whole bytes by SETRANGE, the ends bit by bit.
local function clearWindow(key, from, to)
  local a, b = from % WINDOW, to % WINDOW
  local runs = a <= b and { { a, b } } or { { a, WINDOW - 1 }, { 0, b } }
  for _, run in ipairs(runs) do
    local lo, hi = run[1], run[2]
    while lo <= hi and lo % 8 ~= 0 do redis.call('SETBIT', key, lo, 0); lo = lo + 1 end
    while hi >= lo and hi % 8 ~= 7 do redis.call('SETBIT', key, hi, 0); hi = hi - 1 end
    if lo < hi then redis.call('SETRANGE', key, lo / 8, string.rep('\0', (hi - lo + 1) / 8)) end
  end
end

local function newDedup(prefix, ttls, logsArgument, markerName)
  local ttl, keyTtl, pairTtl = string.match(ttls, '^(%d+):?(%d*):?(%d*)$')
  if not ttl then error('dedup TTLs must be "<T>", "<T>:<K>" or "<T>:<K>:<G>" in seconds, not ' .. ttls) end
  if keyTtl == '' then keyTtl = ttl end
  if pairTtl == '' then pairTtl = ttl end
  local logs, windowed, fence, moved, stale = {}, {}, {}, {}, {}
  for log in string.gmatch(logsArgument, '[^\t]+') do
    local j = #logs + 1
    if string.sub(log, 1, 1) == '~' then
      log = string.sub(log, 2)
      windowed[j] = prefix .. 'rafaga_window:' .. log
    end
    logs[j] = log
    fence[j] = tonumber(redis.call('GET', prefix .. 'rafaga_fence:' .. log)) or -1
  end
  local markerPrefix = prefix .. markerName .. ':'
  local function isClientKey(id)
    return string.sub(id, 1, 4) == 'key:'
  end
  local function markerIsNew(id)
    local window = isClientKey(id) and keyTtl or ttl
    return redis.call('SET', markerPrefix .. id, '1', 'NX', 'EX', window)
  end
  local function positionIsNew(log, offset, i)
    local window = windowed[log]
    if window then
      local high = fence[log]
      if offset <= high - WINDOW then
        stale[#stale + 1] = i - 1
        return false
      end
      if offset <= high then
        return redis.call('SETBIT', window, offset % WINDOW, 1) == 0
      end
      if offset - high > WINDOW then
        redis.call('DEL', window)
      elseif offset - high > 1 then
        clearWindow(window, high + 1, offset - 1)
      end
      redis.call('SETBIT', window, offset % WINDOW, 1)
    elseif offset <= fence[log] then
      return false
    end
    fence[log] = offset
    moved[log] = true
    return true
  end
  return {
    -- An event's fence field, as the scripts' patterns capture it ("(%d*):?(%d*)(:?p?)"):
    -- ok, then the log index and offset (nil for "" ), and whether the copy is paired.
    position = function(logText, offsetText, pairText)
      if logText == '' and offsetText == '' and pairText == '' then return true, nil, nil, false end
      local log, offset = tonumber(logText), tonumber(offsetText)
      local ok = logs[log] ~= nil and offset ~= nil and (pairText == '' or pairText == ':p')
      return ok, log, offset, pairText == ':p'
    end,
    isNew = function(id, log, offset, i, paired)
      if not log then return markerIsNew(id) end
      if not positionIsNew(log, offset, i) then return false end
      if not paired then return true end
      if markerIsNew(id) then return true end
      -- A client key's marker stays: a retry may bring the pair again.
      if not isClientKey(id) then redis.call('EXPIRE', markerPrefix .. id, pairTtl) end
      return false
    end,
    save = function()
      for j in pairs(moved) do
        redis.call('SET', prefix .. 'rafaga_fence:' .. logs[j], string.format('%.0f', fence[j]), 'EX', ttl)
      end
      for _, window in pairs(windowed) do
        if redis.call('EXISTS', window) == 1 then redis.call('EXPIRE', window, ttl) end
      end
    end,
    result = function(applied, notNew)
      local reply = { applied, notNew - #stale }
      for _, i in ipairs(stale) do reply[#reply + 1] = i end
      return reply
    end,
  }
end
