-- Takes in what one provider answer said of its rate limits (OpenAI's x-ratelimit-* headers).
-- KEYS: as provider-window.lua (requests, tokens, learned, pause)
-- ARGV: limit, remaining and reset ms of requests (limit 0 = not told), the same of tokens,
--       how long the learned limits live in ms, the fraction of a limit that counts as near zero,
--       the window in ms
-- 1. The requests limit is learned (every worker's next call uses it) and lives on while answers
--    come.
-- 2. The window counts at least what the provider counts (limit - remaining): calls it admitted
--    before anything was learned, or that other clients of the same key made, enter it now, so
--    that they leave it no sooner than the provider's.
-- 3. With next to nothing left of requests or tokens, the window is paused until the provider's
--    reset time.
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

-- Tokens are not learned as a limit: the window holds each call's worst case (prompt plus
-- max_tokens, or the rest of the context window), where providers count prompt plus max_tokens
-- only when given, so a learned token limit would hold calls far below the provider's. What is
-- left of it still pauses the window.
local tpm = tonumber(ARGV[4])
if tpm > 0 then
  pause = math.max(pause, paused_for(tpm, tonumber(ARGV[5]), tonumber(ARGV[6])))
end

if rpm > 0 then
  redis.call('PEXPIRE', KEYS[3], ttl)
end
if pause > 0 and redis.call('PTTL', KEYS[4]) < pause then
  redis.call('SET', KEYS[4], '1', 'PX', pause)
end
return pause
