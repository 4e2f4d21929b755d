using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>
/// The handshake that opens every connection; both sides run the same steps at once, so it costs one round trip.
/// <code>
/// hello  = "OPTP" | uint16 version (1) | uint16 bodyLength | body
/// body   = uint8 n | clusterId[n] | uint8 n | kind[n] | uint8 n | id[n] | nonce[32]
/// proof  = HMAC-SHA256(key = UTF-8(ClusterSecret),
///                      role label | peer's nonce | own nonce | own kind and id | cluster id)   (32 bytes)
/// </code>
/// Each side sends its hello, reads the peer's (refusing a wrong magic, version, cluster id or identity), sends its
/// proof, then reads and checks the peer's with <see cref="CryptographicOperations.FixedTimeEquals"/>. The secret never
/// travels; fresh nonces make every proof single-use; the role label ("initiator"/"acceptor") stops a proof sent on
/// one connection from being replayed as the answer on another. Because both sides check everything, each of them
/// can tell why a handshake failed. The handshake authenticates, it does not encrypt: use a private network or a
/// tunnel where eavesdropping or tampering on the wire matters. Integers are little-endian; all lengths are in bytes.
/// </summary>
internal static class Handshake
{
    public const ushort ProtocolVersion = 1;
    public const int NonceSize = 32;
    public const int ProofSize = 32;
    public const int HelloPrefixSize = 8;
    public const int MaxHelloBodySize = (3 * (1 + PeerIdentity.MaxPartLength)) + NonceSize;

    private static ReadOnlySpan<byte> Magic => "OPTP"u8;

    private static ReadOnlySpan<byte> InitiatorLabel => "OPTP/1 initiator"u8;

    private static ReadOnlySpan<byte> AcceptorLabel => "OPTP/1 acceptor"u8;

    /// <summary>
    /// Runs the handshake on <paramref name="transport"/> and returns the authenticated peer. Fails with
    /// <see cref="HandshakeFailedException"/> (timeouts and I/O errors included), or with
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires. Bytes the peer sent
    /// after its proof stay in the pipe for the connection's read loop.
    /// </summary>
    public static async Task<PeerIdentity> RunAsync(
        IDuplexPipe transport, TransportSettings settings, bool isInitiator, EndPoint remote, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(settings.HandshakeTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var ownNonce = RandomNumberGenerator.GetBytes(NonceSize);
        try
        {
            WriteHello(transport.Output, settings, ownNonce);
            await FlushAsync(transport.Output, remote, linked.Token).ConfigureAwait(false);

            var hello = await ReadHelloAsync(transport.Input, remote, linked.Token).ConfigureAwait(false);
            Validate(hello, settings, remote);

            WriteProof(transport.Output, settings, isInitiator, hello.Nonce, ownNonce);
            await FlushAsync(transport.Output, remote, linked.Token).ConfigureAwait(false);

            await ReadAndVerifyProofAsync(transport.Input, settings, isInitiator, hello, ownNonce, remote, linked.Token).ConfigureAwait(false);
            return hello.Identity;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new HandshakeFailedException(
                HandshakeFailureReason.Timeout, remote, $"the handshake did not complete within {settings.HandshakeTimeout.TotalSeconds:0.###} s (TransportOptions.HandshakeTimeout)");
        }
        catch (Exception ex) when (ex is not HandshakeFailedException and not OperationCanceledException)
        {
            throw new HandshakeFailedException(HandshakeFailureReason.PeerClosed, remote, $"the connection failed during the handshake: {ex.Message}", ex);
        }
    }

    private static void WriteHello(PipeWriter output, TransportSettings settings, byte[] nonce)
    {
        var bodySize = 3 + settings.ClusterIdBytes.Length + settings.LocalKindBytes.Length + settings.LocalIdBytes.Length + NonceSize;
        var span = output.GetSpan(HelloPrefixSize + bodySize);
        Magic.CopyTo(span);
        BinaryPrimitives.WriteUInt16LittleEndian(span[4..], ProtocolVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)bodySize);
        var body = span[HelloPrefixSize..];
        body = WriteShortString(body, settings.ClusterIdBytes);
        body = WriteShortString(body, settings.LocalKindBytes);
        body = WriteShortString(body, settings.LocalIdBytes);
        nonce.CopyTo(body);
        output.Advance(HelloPrefixSize + bodySize);
    }

    private static Span<byte> WriteShortString(Span<byte> destination, ReadOnlySpan<byte> value)
    {
        destination[0] = (byte)value.Length;
        value.CopyTo(destination[1..]);
        return destination[(1 + value.Length)..];
    }

    private static async Task<PeerHello> ReadHelloAsync(PipeReader input, EndPoint remote, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (TryParseHello(ref buffer, remote, out var hello))
            {
                input.AdvanceTo(buffer.Start);
                return hello;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                throw PeerClosed(remote, "before sending its hello");
            }
        }
    }

    private static bool TryParseHello(ref ReadOnlySequence<byte> buffer, EndPoint remote, out PeerHello hello)
    {
        hello = null!;
        Span<byte> prefix = stackalloc byte[HelloPrefixSize];
        var available = (int)Math.Min(buffer.Length, HelloPrefixSize);
        buffer.Slice(0, available).CopyTo(prefix);

        // Checked byte by byte as they arrive, so a stray client is turned away without waiting for a full prefix.
        var magicBytes = Math.Min(available, Magic.Length);
        if (!prefix[..magicBytes].SequenceEqual(Magic[..magicBytes]))
        {
            throw new HandshakeFailedException(
                HandshakeFailureReason.NotATransportPeer, remote, "the peer's first bytes are not a transport hello; it is not an Orleans.Pipeline silo or client (or it speaks another protocol on this port)");
        }

        if (available < HelloPrefixSize)
        {
            return false;
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(prefix[4..]);
        if (version != ProtocolVersion)
        {
            throw new HandshakeFailedException(
                HandshakeFailureReason.ProtocolVersionMismatch, remote, $"the peer speaks transport protocol version {version}, this endpoint version {ProtocolVersion}; run the same release on both");
        }

        var bodySize = BinaryPrimitives.ReadUInt16LittleEndian(prefix[6..]);
        if (bodySize > MaxHelloBodySize)
        {
            throw Malformed(remote, $"its hello announces {bodySize} bytes, more than the {MaxHelloBodySize} a hello can hold");
        }

        if (buffer.Length < HelloPrefixSize + bodySize)
        {
            return false;
        }

        var body = new byte[bodySize];
        buffer.Slice(HelloPrefixSize, bodySize).CopyTo(body);
        var reader = body.AsSpan();
        var clusterId = ReadShortString(ref reader, remote);
        var kind = ReadShortString(ref reader, remote);
        var id = ReadShortString(ref reader, remote);
        if (reader.Length != NonceSize)
        {
            throw Malformed(remote, $"its hello ends with {reader.Length} bytes where a {NonceSize}-byte nonce belongs");
        }

        hello = new PeerHello(clusterId, kind, id, reader.ToArray());
        buffer = buffer.Slice(HelloPrefixSize + bodySize);
        return true;
    }

    private static byte[] ReadShortString(ref Span<byte> reader, EndPoint remote)
    {
        if (reader.IsEmpty || reader[0] > reader.Length - 1)
        {
            throw Malformed(remote, "a field of its hello runs past the end of the hello");
        }

        var value = reader.Slice(1, reader[0]).ToArray();
        reader = reader[(1 + value.Length)..];
        return value;
    }

    private static void Validate(PeerHello hello, TransportSettings settings, EndPoint remote)
    {
        if (!hello.ClusterId.AsSpan().SequenceEqual(settings.ClusterIdBytes))
        {
            throw new HandshakeFailedException(
                HandshakeFailureReason.ClusterIdMismatch,
                remote,
                $"the peer belongs to cluster \"{Encoding.UTF8.GetString(hello.ClusterId)}\", this endpoint to \"{settings.ClusterId}\" (TransportOptions.ClusterId must match)");
        }

        if (hello.Kind.Length == 0 || hello.Id.Length == 0)
        {
            throw new HandshakeFailedException(HandshakeFailureReason.IdentityRejected, remote, "the peer presented an empty identity");
        }

        if (hello.Identity == settings.LocalIdentity)
        {
            throw new HandshakeFailedException(
                HandshakeFailureReason.IdentityRejected, remote, $"the peer presented this endpoint's own identity {settings.LocalIdentity}; identities must be unique in the cluster");
        }
    }

    private static void WriteProof(PipeWriter output, TransportSettings settings, bool isInitiator, byte[] peerNonce, byte[] ownNonce)
    {
        var span = output.GetSpan(ProofSize);
        ComputeProof(
            settings.SecretKey,
            isInitiator ? InitiatorLabel : AcceptorLabel,
            peerNonce,
            ownNonce,
            settings.LocalKindBytes,
            settings.LocalIdBytes,
            settings.ClusterIdBytes,
            span);
        output.Advance(ProofSize);
    }

    private static async Task ReadAndVerifyProofAsync(
        PipeReader input, TransportSettings settings, bool isInitiator, PeerHello hello, byte[] ownNonce, EndPoint remote, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= ProofSize)
            {
                var verified = Verify(buffer.Slice(0, ProofSize), settings, isInitiator, hello, ownNonce);
                input.AdvanceTo(buffer.GetPosition(ProofSize));
                if (!verified)
                {
                    throw new HandshakeFailedException(
                        HandshakeFailureReason.SecretMismatch,
                        remote,
                        "the peer does not share the cluster secret (its proof did not verify); check that both ends use the same TransportOptions.ClusterSecret");
                }

                return;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                throw PeerClosed(remote, "before proving it knows the cluster secret");
            }
        }
    }

    private static bool Verify(ReadOnlySequence<byte> received, TransportSettings settings, bool isInitiator, PeerHello hello, byte[] ownNonce)
    {
        Span<byte> proof = stackalloc byte[ProofSize];
        received.CopyTo(proof);
        Span<byte> expected = stackalloc byte[ProofSize];

        // The peer computed its proof from its own point of view: its role, our nonce as "peer's", its nonce as "own".
        ComputeProof(settings.SecretKey, isInitiator ? AcceptorLabel : InitiatorLabel, ownNonce, hello.Nonce, hello.Kind, hello.Id, settings.ClusterIdBytes, expected);
        return CryptographicOperations.FixedTimeEquals(proof, expected);
    }

    private static void ComputeProof(
        byte[] key,
        ReadOnlySpan<byte> roleLabel,
        ReadOnlySpan<byte> peerNonce,
        ReadOnlySpan<byte> ownNonce,
        ReadOnlySpan<byte> ownKind,
        ReadOnlySpan<byte> ownId,
        ReadOnlySpan<byte> clusterId,
        Span<byte> destination)
    {
        // Every variable-length field carries its length, so no two different inputs produce the same byte string.
        Span<byte> data = stackalloc byte[roleLabel.Length + (2 * NonceSize) + (3 * (1 + PeerIdentity.MaxPartLength))];
        var rest = data;
        roleLabel.CopyTo(rest);
        rest = rest[roleLabel.Length..];
        peerNonce.CopyTo(rest);
        rest = rest[NonceSize..];
        ownNonce.CopyTo(rest);
        rest = rest[NonceSize..];
        rest = WriteShortString(rest, ownKind);
        rest = WriteShortString(rest, ownId);
        rest = WriteShortString(rest, clusterId);
        HMACSHA256.HashData(key, data[..(data.Length - rest.Length)], destination);
    }

    private static async ValueTask FlushAsync(PipeWriter output, EndPoint remote, CancellationToken cancellationToken)
    {
        var result = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCompleted)
        {
            throw PeerClosed(remote, "while this endpoint was sending");
        }
    }

    private static HandshakeFailedException PeerClosed(EndPoint remote, string when) => new(
        HandshakeFailureReason.PeerClosed,
        remote,
        $"the peer closed the connection {when}; it probably refused this endpoint (compare ClusterId, ClusterSecret and versions on both ends, and check the peer's log)");

    private static HandshakeFailedException Malformed(EndPoint remote, string detail) =>
        new(HandshakeFailureReason.Malformed, remote, $"the peer's hello is malformed: {detail}");
}
