using System.Text;

namespace Orleans.Pipeline.Runtime.Networking;

/// <summary>What the peer said about itself in its hello, kept as raw bytes for the proof and decoded for display.</summary>
internal sealed class PeerHello
{
    public PeerHello(byte[] clusterId, byte[] kind, byte[] id, byte[] nonce)
    {
        ClusterId = clusterId;
        Kind = kind;
        Id = id;
        Nonce = nonce;
        Identity = new PeerIdentity(Encoding.UTF8.GetString(kind), Encoding.UTF8.GetString(id));
    }

    public byte[] ClusterId { get; }

    public byte[] Kind { get; }

    public byte[] Id { get; }

    public byte[] Nonce { get; }

    public PeerIdentity Identity { get; }
}
