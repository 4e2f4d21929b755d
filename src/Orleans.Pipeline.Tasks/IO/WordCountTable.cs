using System.Runtime.CompilerServices;

namespace Orleans.Pipeline.Tasks.IO;

/// <summary>
/// Counts byte strings without allocating per key: keys are copied once into an arena, entries live in one array in
/// first-seen order, and an open-addressing index (linear probing, at most half full) maps hashes to entries. The
/// caller supplies each key's FNV-1a hash, which it usually computed while scanning the key.
/// </summary>
internal sealed class WordCountTable
{
    private byte[] _arena = new byte[1 << 16];
    private int _arenaUsed;
    private WordCountEntry[] _entries = new WordCountEntry[1 << 10];
    private int _count;
    private int[] _index = new int[1 << 11]; // entry number + 1; 0 = empty
    private int _mask = (1 << 11) - 1;

    public int Count => _count;

    public uint GetHash(int entry) => _entries[entry].Hash;

    public long GetCount(int entry) => _entries[entry].Count;

    public ReadOnlySpan<byte> GetKey(int entry) => _arena.AsSpan(_entries[entry].Offset, _entries[entry].Length);

    /// <summary>Adds <paramref name="count"/> to the key's count, inserting the key at the end if it is new.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ReadOnlySpan<byte> key, uint hash, long count)
    {
        var slot = (int)hash & _mask;
        while (true)
        {
            var candidate = _index[slot];
            if (candidate == 0)
            {
                Insert(slot, key, hash, count);
                return;
            }

            ref var entry = ref _entries[candidate - 1];
            if (entry.Hash == hash && key.SequenceEqual(_arena.AsSpan(entry.Offset, entry.Length)))
            {
                entry.Count += count;
                return;
            }

            slot = (slot + 1) & _mask;
        }
    }

    private void Insert(int slot, ReadOnlySpan<byte> key, uint hash, long count)
    {
        if (_arena.Length - _arenaUsed < key.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + key.Length));
        }

        key.CopyTo(_arena.AsSpan(_arenaUsed));
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        _entries[_count] = new WordCountEntry { Hash = hash, Offset = _arenaUsed, Length = key.Length, Count = count };
        _arenaUsed += key.Length;
        _count++;
        _index[slot] = _count;
        if (_count * 2 > _index.Length)
        {
            Rehash();
        }
    }

    private void Rehash()
    {
        var index = new int[_index.Length * 2];
        var mask = index.Length - 1;
        for (var i = 0; i < _count; i++)
        {
            var slot = (int)_entries[i].Hash & mask;
            while (index[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }

            index[slot] = i + 1;
        }

        _index = index;
        _mask = mask;
    }
}
