-- Moves a call admitted by provider-window.lua to the time it ended (Redis' clock), so that it
-- leaves the rolling window no earlier than it left the provider's, whose clock starts when the
-- request arrives: somewhere between our admission and the end of the call.
-- KEYS[1], KEYS[2]: as provider-window.lua; ARGV: the call's id, its tokens, the window in ms
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local window = tonumber(ARGV[3])
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then
  if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
    redis.call('ZADD', KEYS[1], 'GT', now, ARGV[1])
    redis.call('PEXPIRE', KEYS[1], window)
  end
  local member = ARGV[2] .. ':' .. ARGV[1]
  if redis.call('ZSCORE', KEYS[2], member) then
    redis.call('ZADD', KEYS[2], 'GT', now, member)
    redis.call('PEXPIRE', KEYS[2], window)
  end
end
return 0
