-- Publishes ARGV[i] on channel KEYS[i], in order, in one round trip: Jedis cannot pipeline
-- PUBLISH. Returns how many subscribers received the messages, summed.
local received = 0
for i = 1, #KEYS do
  received = received + redis.call('PUBLISH', KEYS[i], ARGV[i])
end
return received
