namespace Whisper.Web.Cluster;

/// <summary>
/// The two scripts of a room's shared log. Every key they touch is in KEYS and carries the room's hash tag, so in a
/// Redis Cluster one slot holds them all and a script never crosses slots.
/// </summary>
internal static class RoomLogScripts
{
    /// <summary>
    /// KEYS: counter, stream, the numbers of the latest messages, the messages' current versions, and the send key's
    /// record (absent without one). ARGV: 1 clock in ms (a new counter starts there), 2 messages kept, 3 the entry as
    /// published, 4 channel, 5 room, 6 send key lifetime in ms, 7 the stored kind, 8 the backstop's entry count,
    /// 9 the sequence the changes were computed after ('' when they depend on nothing), 10 the stored entry ('' when
    /// it has words, which are kept only as the messages' current versions), 11 the numbers of the messages it
    /// changed, 12 a message it deletes (''), 13 a new message's version (''), 14 the command publishing on the room's channel
    /// (SPUBLISH on a cluster: the channel is in the room's slot too), then pairs of number and new version.
    /// Returns the number and 0; 1 when the send key had been used (nothing appended); 2 when the counter moved past
    /// ARGV 9 (nothing appended: the node catches up and computes again).
    /// The stream keeps no words: a change is stored as the numbers of the messages it changed, and the hash holds
    /// each held message's current version only (an edit overwrites it, a deletion removes it, the ring's end trims it).
    /// </summary>
    public const string Append = """
        if KEYS[5] then
          local earlier = redis.call('GET', KEYS[5])
          if earlier then return { tonumber(earlier), 1 } end
        end
        if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('SET', KEYS[1], ARGV[1]) end
        if ARGV[9] ~= '' and redis.call('GET', KEYS[1]) ~= ARGV[9] then return { 0, 2 } end
        local sequence = redis.call('INCR', KEYS[1])
        local fields = { 'k', ARGV[7] }
        if ARGV[10] ~= '' then fields[#fields + 1] = 'e'; fields[#fields + 1] = ARGV[10] end
        if ARGV[11] ~= '' then fields[#fields + 1] = 'm'; fields[#fields + 1] = ARGV[11] end
        redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[8], sequence .. '-0', unpack(fields))
        if ARGV[13] ~= '' then
          redis.call('HSET', KEYS[4], sequence, ARGV[13])
          redis.call('RPUSH', KEYS[3], sequence)
          if redis.call('LLEN', KEYS[3]) > tonumber(ARGV[2]) then
            redis.call('HDEL', KEYS[4], redis.call('LPOP', KEYS[3]))
            redis.call('XTRIM', KEYS[2], 'MINID', redis.call('LINDEX', KEYS[3], 0) .. '-0')
          end
        end
        if ARGV[12] ~= '' then redis.call('HDEL', KEYS[4], ARGV[12]) end
        for i = 15, #ARGV, 2 do
          if redis.call('HEXISTS', KEYS[4], ARGV[i]) == 1 then redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1]) end
        end
        redis.call(ARGV[14], ARGV[4], ARGV[5] .. '\n' .. sequence .. '\n' .. ARGV[3])
        if KEYS[5] then redis.call('SET', KEYS[5], sequence, 'PX', ARGV[6]) end
        return { sequence, 0 }
        """;

    /// <summary>
    /// KEYS: counter, stream, the messages' current versions. ARGV: the first id to read. Returns, read at one instant,
    /// the counter, the entries from that id on, the numbers of the messages they name, and those messages' current
    /// versions (false where one is gone): so what is read back is one state of the room, and no later change is
    /// applied twice on top of it.
    /// </summary>
    public const string ReadBack = """
        local entries = redis.call('XRANGE', KEYS[2], ARGV[1], '+')
        local wanted = {}
        for _, entry in ipairs(entries) do
          local fields = entry[2]
          for i = 1, #fields, 2 do
            if fields[i] == 'k' and fields[i + 1] == 'posted' then wanted[#wanted + 1] = string.match(entry[1], '^%d+') end
            if fields[i] == 'm' then
              for number in string.gmatch(fields[i + 1], '%d+') do wanted[#wanted + 1] = number end
            end
          end
        end
        local held = {}
        for first = 1, #wanted, 500 do
          local chunk = redis.call('HMGET', KEYS[3], unpack(wanted, first, math.min(first + 499, #wanted)))
          for _, version in ipairs(chunk) do held[#held + 1] = version end
        end
        return { redis.call('GET', KEYS[1]), entries, wanted, held }
        """;
}
