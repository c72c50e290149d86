namespace CallSid.Transcripts.Services;

/// <summary>
/// Decides which turns of ElevenLabs' post-call transcript are already stored and which must be recovered.
/// <para>
/// The stored turns (in spoken order: timestamp, then sequence number) and the transcript's turns are aligned like two
/// versions of one text: a stored turn is "the same turn" as a transcript turn when the speaker is the same and
/// <see cref="SpokenWords"/> says the words are, and matches never cross (a stored turn never matches a later
/// transcript turn than a stored turn after it does). The alignment with the most matches wins; among those, the
/// one whose matched turns lie closest in time (stored timestamp against start + time_in_call_secs); among those, the
/// one that matches earlier transcript turns. So a driver who says "Yes." twice, with one of them delivered, gets the
/// delivered one matched to the "Yes." nearest its timestamp and the other one recovered, and the same inputs always
/// give the same answer. Every transcript turn left unmatched is recovered.
/// </para>
/// <para>
/// A recovered turn is timestamped at the conversation's start plus its time_in_call_secs. ElevenLabs gives both in
/// whole seconds, so where that would put it before a turn spoken earlier or after one spoken later, it is placed just
/// inside its matched neighbours instead: ordering by (timestamp, sequence number) then gives the spoken order.
/// </para>
/// </summary>
public static class TranscriptAlignment
{
    /// <summary>Beyond this many stored-times-spoken pairs (a byte each) turns are paired per speaker and words, in order.</summary>
    public const long MaxCells = 16_000_000;

    private const byte SkipSpoken = 0;
    private const byte SkipStored = 1;
    private const byte Match = 2;

    public static RecoveryPlan Plan(IReadOnlyList<StoredTurn> stored, IReadOnlyList<SpokenTurn> spoken)
    {
        var partner = (long)(stored.Count + 1) * (spoken.Count + 1) <= MaxCells ? Align(stored, spoken) : PairInOrder(stored, spoken);

        // The timestamp of the next matched turn after each transcript position bounds a recovered turn from above.
        var nextMatched = new DateTime?[spoken.Count + 1];
        for (var j = spoken.Count - 1; j >= 0; j--)
        {
            nextMatched[j] = partner[j] >= 0 ? stored[partner[j]].Timestamp : nextMatched[j + 1];
        }

        var toAdd = new List<(SpokenTurn, DateTime)>();
        DateTime? previous = null;
        for (var j = 0; j < spoken.Count; j++)
        {
            if (partner[j] >= 0)
            {
                previous = previous is { } p && p > stored[partner[j]].Timestamp ? p : stored[partner[j]].Timestamp;
                continue;
            }

            var at = spoken[j].At;
            if (nextMatched[j + 1] is { } next && at >= next)
            {
                at = next.AddTicks(-TimeSpan.TicksPerMicrosecond); // PostgreSQL keeps microseconds
            }

            if (previous is { } earlier && at < earlier)
            {
                at = earlier; // equal times sort by sequence number, and a recovered turn's is higher
            }

            toAdd.Add((spoken[j], at));
            previous = at;
        }

        return new RecoveryPlan(toAdd, spoken.Count - toAdd.Count);
    }

    /// <summary>For each transcript turn, the index of the stored turn it is, or -1.</summary>
    private static int[] Align(IReadOnlyList<StoredTurn> stored, IReadOnlyList<SpokenTurn> spoken)
    {
        int m = stored.Count, n = spoken.Count;
        var storedWords = stored.Select(s => SpokenWords.Normalise(s.Message)).ToArray();
        var spokenWords = spoken.Select(s => SpokenWords.Normalise(s.Message)).ToArray();

        // Best (matches, total distance in microseconds) for each prefix pair; two rows at a time, moves kept for all.
        var moves = new byte[(m + 1) * (n + 1)];
        var matches = new int[2, n + 1];
        var distance = new long[2, n + 1];
        for (var i = 1; i <= m; i++)
        {
            int row = i % 2, above = 1 - row;
            matches[row, 0] = 0;
            distance[row, 0] = 0;
            moves[i * (n + 1)] = SkipStored;
            for (var j = 1; j <= n; j++)
            {
                // Preference on exact ties: skip the transcript turn, then skip the stored turn, then match.
                var (bestMatches, bestDistance, move) = (matches[row, j - 1], distance[row, j - 1], SkipSpoken);
                if (Better(matches[above, j], distance[above, j], bestMatches, bestDistance))
                {
                    (bestMatches, bestDistance, move) = (matches[above, j], distance[above, j], SkipStored);
                }

                if (stored[i - 1].Speaker == spoken[j - 1].Speaker
                    && string.Equals(storedWords[i - 1], spokenWords[j - 1], StringComparison.OrdinalIgnoreCase))
                {
                    var candidateMatches = matches[above, j - 1] + 1;
                    var candidateDistance = distance[above, j - 1] + Math.Abs((stored[i - 1].Timestamp - spoken[j - 1].At).Ticks / TimeSpan.TicksPerMicrosecond);
                    if (Better(candidateMatches, candidateDistance, bestMatches, bestDistance))
                    {
                        (bestMatches, bestDistance, move) = (candidateMatches, candidateDistance, Match);
                    }
                }

                matches[row, j] = bestMatches;
                distance[row, j] = bestDistance;
                moves[i * (n + 1) + j] = move;
            }
        }

        var partner = Enumerable.Repeat(-1, n).ToArray();
        for (int i = m, j = n; i > 0 && j > 0;)
        {
            switch (moves[i * (n + 1) + j])
            {
                case Match:
                    partner[--j] = --i;
                    break;
                case SkipStored:
                    i--;
                    break;
                default:
                    j--;
                    break;
            }
        }

        return partner;
    }

    private static bool Better(int matches, long distance, int bestMatches, long bestDistance) =>
        matches > bestMatches || (matches == bestMatches && distance < bestDistance);

    /// <summary>For transcripts too long to align: the k-th stored turn of a speaker and words is the k-th spoken one.</summary>
    private static int[] PairInOrder(IReadOnlyList<StoredTurn> stored, IReadOnlyList<SpokenTurn> spoken)
    {
        var waiting = stored
            .Select((turn, index) => (Key: (turn.Speaker, SpokenWords.Normalise(turn.Message).ToUpperInvariant()), index))
            .GroupBy(x => x.Key)
            .ToDictionary(g => g.Key, g => new Queue<int>(g.Select(x => x.index)));
        return spoken
            .Select(turn => waiting.TryGetValue((turn.Speaker, SpokenWords.Normalise(turn.Message).ToUpperInvariant()), out var queue) && queue.Count > 0 ? queue.Dequeue() : -1)
            .ToArray();
    }
}
