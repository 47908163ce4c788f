-- Takes in what one provider answer said of its rate limits (OpenAI's x-ratelimit-* headers).
-- KEYS: as provider-window.lua (requests, tokens, learned, pause)
-- ARGV: limit, remaining and reset ms of requests (limit 0 = not told), the same of tokens,
--       how long the learned limits live in ms, the fraction of a limit that counts as near zero,
--       the window in ms
-- 1. The limits are learned (every worker's next call uses them) and live on while answers come.
-- 2. The window counts at least what the provider counts (limit - remaining): calls it admitted
--    before anything was learned, or that other clients of the same key made, enter it now, so
--    that they leave it no sooner than the provider's.
-- 3. With next to nothing left, the window is paused until the provider's reset time.
-- Returns the ms the window is now paused for, 0 when it is not.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[7])
local near_zero = tonumber(ARGV[8])
local window = tonumber(ARGV[9])
local pause = 0
-- A bound on how many calls one answer can add, so that the script stays short.
local most_added = 1000

local function paused_for(limit, remaining, reset)
  if reset > 0 and remaining <= math.floor(limit * near_zero) then
    return reset
  end
  return 0
end

local rpm = tonumber(ARGV[1])
if rpm > 0 then
  local remaining = tonumber(ARGV[2])
  redis.call('HSET', KEYS[3], 'rpm', rpm)
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  local missing = math.min(rpm - remaining - redis.call('ZCARD', KEYS[1]), most_added)
  for i = 1, missing do
    redis.call('ZADD', KEYS[1], now, 'seen:' .. now .. ':' .. i)
  end
  if missing > 0 then
    redis.call('PEXPIRE', KEYS[1], window)
  end
  pause = math.max(pause, paused_for(rpm, remaining, tonumber(ARGV[3])))
end

local tpm = tonumber(ARGV[4])
if tpm > 0 then
  local remaining = tonumber(ARGV[5])
  redis.call('HSET', KEYS[3], 'tpm', tpm)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  local entries = redis.call('ZRANGE', KEYS[2], 0, -1)
  local used = 0
  for i = 1, #entries do
    used = used + tonumber(string.match(entries[i], '^(%d+):'))
  end
  local missing = tpm - remaining - used
  if missing > 0 then
    redis.call('ZADD', KEYS[2], now, missing .. ':seen:' .. now .. ':' .. used)
    redis.call('PEXPIRE', KEYS[2], window)
  end
  pause = math.max(pause, paused_for(tpm, remaining, tonumber(ARGV[6])))
end

if rpm > 0 or tpm > 0 then
  redis.call('PEXPIRE', KEYS[3], ttl)
end
if pause > 0 and redis.call('PTTL', KEYS[4]) < pause then
  redis.call('SET', KEYS[4], '1', 'PX', pause)
end
return pause
