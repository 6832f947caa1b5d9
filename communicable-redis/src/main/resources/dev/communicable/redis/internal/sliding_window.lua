-- Sliding-window throttle: takes one slot from every window or from none.
-- KEYS[i]: the sorted set of rule i, one member per acquisition scored by its time in microseconds.
-- ARGV[1]: a member name unique to this call.
-- ARGV[2i], ARGV[2i+1]: rule i's limit and window length in microseconds.
-- Returns {1, 0} when every slot was taken, else {0, w}: in w microseconds every refused window
-- has a free slot. Time is the server's, so all nodes share one clock.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local wait = 0
for i = 1, #KEYS do
  local limit = tonumber(ARGV[2 * i])
  local window = tonumber(ARGV[2 * i + 1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - window)
  local count = redis.call('ZCARD', KEYS[i])
  if count >= limit then
    -- A slot frees when the entry at rank (count - limit) leaves the window.
    local entry = redis.call('ZRANGE', KEYS[i], count - limit, count - limit, 'WITHSCORES')
    local w = tonumber(entry[2]) + window - now
    if w > wait then
      wait = w
    end
  end
end
if wait > 0 then
  return {0, wait}
end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  -- Every key expires one window after its newest entry: memory stays bounded.
  redis.call('PEXPIRE', KEYS[i], math.floor(tonumber(ARGV[2 * i + 1]) / 1000) + 1)
end
return {1, 0}
