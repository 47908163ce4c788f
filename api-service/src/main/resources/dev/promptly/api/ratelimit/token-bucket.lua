-- One tenant's token bucket: it holds at most ARGV[1] tokens and refills continuously, the whole
-- capacity per ARGV[2] milliseconds. Refill and take happen in this one script, so concurrent
-- requests on any number of API replicas see one consistent bucket, and the time is Redis's own,
-- so replicas with skewed clocks still agree.
--
-- KEYS[1] the bucket; ARGV[1] capacity in tokens; ARGV[2] refill window in milliseconds.
-- Returns {1 if a token was taken else 0, whole tokens left, ms until full, ms until a token}.

-- Effects replication (the default from Redis 5, a no-op from 7) lets a script write after TIME.
redis.replicate_commands()

local capacity = tonumber(ARGV[1])
local rate = capacity / tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
elseif now > at then
  -- A lowered limit caps what is left at once.
  tokens = math.min(capacity, tokens + (now - at) * rate)
  at = now
else
  tokens = math.min(capacity, tokens)
end

local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end

local untilFull = math.ceil((capacity - tokens) / rate)
local untilToken = 0
if tokens < 1 then
  untilToken = math.ceil((1 - tokens) / rate)
end

redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
-- A bucket left alone until it is full again is the same as no bucket: let Redis drop it.
redis.call('PEXPIRE', KEYS[1], untilFull + 1000)
return {taken, math.floor(tokens), untilFull, untilToken}
