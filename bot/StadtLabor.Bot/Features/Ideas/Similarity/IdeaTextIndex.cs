namespace StadtLabor.Bot.Features.Ideas.Similarity;

/// <summary>The text of an idea as the index takes it.</summary>
public sealed record IdeaText(long Id, string Title, string Description);

/// <summary>An idea the index found, with its score (0..1).</summary>
public readonly record struct IndexHit(long Id, double Score);

/// <summary>
/// Ideas in memory, as TF-IDF vectors of <see cref="GermanText"/>'s trigrams, searched by cosine. An inverted index (feature → ideas) touches only ideas that share a
/// feature with the query, so 10,000 ideas answer in milliseconds. Thread-safe: many searches at once, changes one
/// batch at a time. The weights (IDF) follow the ideas present, and the ideas' lengths are worked out again after each
/// batch, so a score depends only on which texts are in, not on the order they came: both databases give the same.
/// </summary>
public sealed class IdeaTextIndex : IDisposable
{
    /// <summary>
    /// A hit below this share of the best hit's score is not shown: when one idea matches well, the weak ones after it
    /// are noise (measured on the labelled set: fewer unrelated ideas shown, no duplicate lost).
    /// </summary>
    public const double ShareOfBest = 0.6;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, int> _featureIds = new(StringComparer.Ordinal);
    private readonly List<Postings> _postings = [];
    private readonly List<Doc?> _slots = [];
    private readonly Dictionary<long, int> _slotOf = [];
    private int _dead;

    private sealed class Postings
    {
        public readonly List<int> Slots = [];
        public readonly List<float> Weights = [];
        public int Live;
    }

    private sealed class Doc(long id, int hash, int[] features, float[] weights)
    {
        public readonly long Id = id;
        public readonly int Hash = hash;
        public readonly int[] Features = features;
        public readonly float[] Weights = weights;
        public double Norm;
    }

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _slotOf.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Adds or replaces these ideas and takes the others out; unchanged texts cost nothing.</summary>
    public void Apply(IEnumerable<IdeaText> upserts, IEnumerable<long> removals)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(removals);
        _lock.EnterWriteLock();
        try
        {
            var changed = false;
            foreach (var id in removals) changed |= RemoveLocked(id);
            foreach (var text in upserts)
            {
                var hash = HashCode.Combine(text.Title, text.Description);
                if (_slotOf.TryGetValue(text.Id, out var slot) && _slots[slot]!.Hash == hash) continue;
                RemoveLocked(text.Id);
                AddLocked(text, hash);
                changed = true;
            }
            if (!changed) return;
            if (_dead > 64 && _dead > _slotOf.Count / 2) CompactLocked();
            RecomputeNormsLocked();
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>The best <paramref name="take"/> ideas with a score of at least <paramref name="minScore"/>, best first, ties by id.</summary>
    public IReadOnlyList<IndexHit> Search(string title, string description, int take, double minScore)
    {
        var features = GermanText.Features(title, description);
        if (features.Count == 0 || take <= 0) return [];
        _lock.EnterReadLock();
        try
        {
            var n = _slotOf.Count;
            if (n == 0) return [];
            var dot = new double[_slots.Count];
            double queryNorm = 0;
            foreach (var f in features)
            {
                var postings = _featureIds.TryGetValue(f.Key, out var fid) ? _postings[fid] : null;
                var idf = Idf(n, postings?.Live ?? 0);
                var q = Tf(f.Count) * idf;
                queryNorm += q * q;
                if (postings is null) continue;
                var slots = postings.Slots;
                var weights = postings.Weights;
                for (var i = 0; i < slots.Count; i++) dot[slots[i]] += q * weights[i] * idf;
            }
            queryNorm = Math.Sqrt(queryNorm);

            var best = new List<IndexHit>(take + 1);
            for (var s = 0; s < _slots.Count; s++)
            {
                if (dot[s] == 0 || _slots[s] is not { } doc || doc.Norm == 0) continue;
                var score = dot[s] / (queryNorm * doc.Norm);
                if (score < minScore) continue;
                Insert(best, new IndexHit(doc.Id, score), take);
            }
            if (best.Count > 1) best.RemoveAll(h => h.Score < ShareOfBest * best[0].Score);
            return best;
        }
        finally { _lock.ExitReadLock(); }
    }

    public void Dispose() => _lock.Dispose();

    private static void Insert(List<IndexHit> best, IndexHit hit, int take)
    {
        var at = best.Count;
        while (at > 0 && Before(hit, best[at - 1])) at--;
        if (at >= take) return;
        best.Insert(at, hit);
        if (best.Count > take) best.RemoveAt(best.Count - 1);
    }

    private static bool Before(IndexHit a, IndexHit b) => a.Score > b.Score || (a.Score == b.Score && a.Id < b.Id);

    // Smoothed, so a feature in every idea still counts a little and one the index has never seen counts most.
    private static double Idf(int n, int df) => Math.Log((n + 1.0) / (df + 1.0)) + 1.0;

    // Sub-linear: a word said five times is not five times the idea.
    private static float Tf(float count) => 1f + MathF.Log(count);

    private void AddLocked(IdeaText text, int hash)
    {
        var features = GermanText.Features(text.Title, text.Description);
        var ids = new int[features.Count];
        var weights = new float[features.Count];
        var slot = _slots.Count;
        for (var i = 0; i < features.Count; i++)
        {
            var f = features[i];
            if (!_featureIds.TryGetValue(f.Key, out var fid))
            {
                fid = _postings.Count;
                _featureIds.Add(f.Key, fid);
                _postings.Add(new Postings());
            }
            ids[i] = fid;
            weights[i] = Tf(f.Count);
            var postings = _postings[fid];
            postings.Slots.Add(slot);
            postings.Weights.Add(weights[i]);
            postings.Live++;
        }
        _slots.Add(new Doc(text.Id, hash, ids, weights));
        _slotOf[text.Id] = slot;
    }

    private bool RemoveLocked(long id)
    {
        if (!_slotOf.Remove(id, out var slot)) return false;
        // The postings keep the slot until the next compaction; a search skips empty slots.
        foreach (var fid in _slots[slot]!.Features) _postings[fid].Live--;
        _slots[slot] = null;
        _dead++;
        return true;
    }

    private void CompactLocked()
    {
        var docs = _slots.Where(d => d is not null).Cast<Doc>().ToList();
        _slots.Clear();
        _slotOf.Clear();
        foreach (var p in _postings)
        {
            p.Slots.Clear();
            p.Weights.Clear();
        }
        foreach (var doc in docs)
        {
            var slot = _slots.Count;
            for (var i = 0; i < doc.Features.Length; i++)
            {
                var p = _postings[doc.Features[i]];
                p.Slots.Add(slot);
                p.Weights.Add(doc.Weights[i]);
            }
            _slots.Add(doc);
            _slotOf[doc.Id] = slot;
        }
        _dead = 0;
    }

    private void RecomputeNormsLocked()
    {
        var n = _slotOf.Count;
        foreach (var doc in _slots)
        {
            if (doc is null) continue;
            double norm = 0;
            for (var i = 0; i < doc.Features.Length; i++)
            {
                var w = doc.Weights[i] * Idf(n, _postings[doc.Features[i]].Live);
                norm += w * w;
            }
            doc.Norm = Math.Sqrt(norm);
        }
    }
}
