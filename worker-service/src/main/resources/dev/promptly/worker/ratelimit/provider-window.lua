-- Admits one model call against a provider's rolling-minute limits, shared by every worker.
-- KEYS[1]: sorted set of admitted calls; KEYS[2]: sorted set of "<tokens>:<id>" per admitted call
-- KEYS[3]: hash of the limit learned from the provider's headers (rpm), see
--          provider-window-learn.lua; KEYS[4]: set while the provider said nothing is left
-- ARGV: configured requests per window (0 = none), configured tokens per window (0 = none),
--       this call's tokens, window in ms, a unique id for this call
-- The requests limit is the lower of the configured and the learned one (a learned one alone
-- applies); the tokens limit is the configured one.
-- Returns 0 when admitted (and records the call), -1 when admitted with no limit to apply (and
-- nothing recorded), else the ms until it could be.
-- Redis' own clock, so that workers whose clocks disagree still share one window.
local paused = redis.call('PTTL', KEYS[4])
if paused > 0 then
  return paused
end
local function lower(configured, learned)
  learned = tonumber(learned)
  if learned == nil or learned <= 0 or (configured > 0 and configured < learned) then
    return configured
  end
  return learned
end
local rpm = lower(tonumber(ARGV[1]), redis.call('HGET', KEYS[3], 'rpm'))
local tpm = tonumber(ARGV[2])
if rpm == 0 and tpm == 0 then
  return -1
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local tokens = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local id = ARGV[5]
local wait = 0

if rpm > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
  if redis.call('ZCARD', KEYS[1]) >= rpm then
    local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + window - now)
  end
end

if tpm > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  local used = 0
  for i = 1, #entries, 2 do
    used = used + tonumber(string.match(entries[i], '^(%d+):'))
  end
  -- A call larger than the whole limit goes alone, into an empty window.
  if used > 0 and used + tokens > tpm then
    local freed = 0
    local until_free = tonumber(entries[#entries]) + window - now
    for i = 1, #entries, 2 do
      freed = freed + tonumber(string.match(entries[i], '^(%d+):'))
      if used - freed + tokens <= tpm then
        until_free = tonumber(entries[i + 1]) + window - now
        break
      end
    end
    wait = math.max(wait, until_free)
  end
end

if wait > 0 then
  return wait
end
if rpm > 0 then
  redis.call('ZADD', KEYS[1], now, id)
  redis.call('PEXPIRE', KEYS[1], window)
end
if tpm > 0 then
  redis.call('ZADD', KEYS[2], now, tokens .. ':' .. id)
  redis.call('PEXPIRE', KEYS[2], window)
end
return 0
