using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Orleans.Pipeline.Runtime.Networking.Tests.Support;

/// <summary>
/// A hand-written peer on a plain socket that speaks the documented wire format byte by byte, so tests can check the
/// format independently of the implementation and send what a correct endpoint never would.
/// </summary>
public sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpClient _client;

    private RawPeer(TcpClient client)
    {
        _client = client;
        Stream = client.GetStream();
    }

    public NetworkStream Stream { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_client.Client.LocalEndPoint!;

    public static async Task<RawPeer> ConnectAsync(IPEndPoint endPoint)
    {
        var client = new TcpClient(endPoint.AddressFamily) { NoDelay = true };
        await client.ConnectAsync(endPoint);
        return new RawPeer(client);
    }

    public static byte[] Hello(string clusterId, PeerIdentity identity, byte[] nonce)
    {
        var body = new List<byte>();
        foreach (var text in new[] { clusterId, identity.Kind, identity.Id })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            body.Add((byte)bytes.Length);
            body.AddRange(bytes);
        }

        body.AddRange(nonce);
        var hello = new byte[8 + body.Count];
        "OPTP"u8.CopyTo(hello);
        BinaryPrimitives.WriteUInt16LittleEndian(hello.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(hello.AsSpan(6), (ushort)body.Count);
        body.CopyTo(hello, 8);
        return hello;
    }

    public static byte[] Proof(string secret, string role, byte[] peerNonce, byte[] ownNonce, PeerIdentity own, string clusterId)
    {
        var data = new List<byte>();
        data.AddRange(Encoding.ASCII.GetBytes($"OPTP/1 {role}"));
        data.AddRange(peerNonce);
        data.AddRange(ownNonce);
        foreach (var text in new[] { own.Kind, own.Id, clusterId })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            data.Add((byte)bytes.Length);
            data.AddRange(bytes);
        }

        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data.ToArray());
    }

    /// <summary>Frames <paramref name="messages"/> as one frame: int32 frame length, then int32 length + bytes per message.</summary>
    public static byte[] Frame(params byte[][] messages)
    {
        var body = new List<byte>();
        foreach (var message in messages)
        {
            var prefix = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(prefix, message.Length);
            body.AddRange(prefix);
            body.AddRange(message);
        }

        var frame = new byte[4 + body.Count];
        BinaryPrimitives.WriteInt32LittleEndian(frame, body.Count);
        body.CopyTo(frame, 4);
        return frame;
    }

    public static byte[] Int32(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    /// <summary>Runs the handshake as the connecting side; throws if the listener's proof is not the documented HMAC.</summary>
    public async Task<PeerIdentity> HandshakeAsync(PeerIdentity identity, string clusterId = TransportHarness.ClusterId, string secret = TransportHarness.Secret)
    {
        var nonce = RandomNumberGenerator.GetBytes(32);
        await WriteAsync(Hello(clusterId, identity, nonce));

        var prefix = await ReadExactlyAsync(8);
        Assert.True(prefix.AsSpan(0, 4).SequenceEqual("OPTP"u8), "the listener's hello starts with the magic");
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(4)));
        var body = await ReadExactlyAsync(BinaryPrimitives.ReadUInt16LittleEndian(prefix.AsSpan(6)));
        var offset = 0;
        string NextString()
        {
            var length = body[offset];
            var text = Encoding.UTF8.GetString(body, offset + 1, length);
            offset += 1 + length;
            return text;
        }

        var peerClusterId = NextString();
        var peer = new PeerIdentity(NextString(), NextString());
        var peerNonce = body[offset..];
        Assert.Equal(clusterId, peerClusterId);
        Assert.Equal(32, peerNonce.Length);

        await WriteAsync(Proof(secret, "initiator", peerNonce, nonce, identity, clusterId));
        var peerProof = await ReadExactlyAsync(32);
        Assert.Equal(Proof(secret, "acceptor", nonce, peerNonce, peer, clusterId), peerProof);
        return peer;
    }

    public async Task WriteAsync(byte[] bytes)
    {
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        await Stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Wait.DefaultTimeout);
        return buffer;
    }

    /// <summary>Completes when the other side closed the socket (end of stream or reset), reading and discarding anything before that.</summary>
    public async Task WaitForCloseAsync()
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Wait.DefaultTimeout);
        try
        {
            while (await Stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
    }

    /// <summary>Closes the socket without any shutdown handshake of the transport.</summary>
    public void Disconnect() => _client.Close();

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
