-- Tenant budget: counts ARGV[1] sends if they fit within the quota ARGV[2], else nothing.
-- KEYS[1]: the counter of the current period. ARGV[3]: milliseconds until the key may go.
-- Returns {1, used} when counted, {0, used} when refused.
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > tonumber(ARGV[2]) - used then
  return {0, used}
end
used = redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, used}
