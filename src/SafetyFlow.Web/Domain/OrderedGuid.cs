using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SafetyFlow.Web.Domain;

/// <summary>
/// Version 7 UUIDs that sort in creation order within a process, even within one millisecond (RFC 9562 §6.2, a 12-bit
/// counter in <c>rand_a</c>). Outbox rows and deliveries use them so that messages written at the same instant, such as a
/// reminder and an escalation fired in one sweep, go out in the order they were written.
/// </summary>
public static class OrderedGuid
{
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    public static Guid NewGuid()
    {
        long milliseconds;
        int counter;
        lock (Gate)
        {
            milliseconds = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds)
            {
                _counter++;
                if (_counter > 0xFFF)
                {
                    // The counter ran out within this millisecond: borrow the next one.
                    milliseconds++;
                    _counter = 0;
                }
            }
            else
            {
                _counter = 0;
            }

            _lastMilliseconds = milliseconds;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
