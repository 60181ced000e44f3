using System.Text;
using System.Text.Json;
using DaneKit.Rollover;

namespace DaneKit.Tests.Rollover;

/// <summary>
/// <see cref="RolloverStateFile"/>: first-seen-Secure times per record, the unbroken-run rule, the round trip through
/// the file, and that a file DaneKit cannot read is left exactly as it is.
/// </summary>
public sealed class RolloverStateFileTests : IDisposable
{
    private const string Owner = "_25._tcp.mx.example.com.";
    private const string A = "3 1 1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    private const string B = "3 1 1 BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T2 = new(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("danekit-rollover-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Fact]
    public async Task MissingFileIsEmpty()
    {
        var path = PathOf("missing.json");

        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);

        Assert.Equal(path, state.Path);
        Assert.Null(state.FirstSeen(Owner, A));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task ObserveSaveLoadRoundTrip()
    {
        var path = PathOf("rollover.json");
        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        state.Observe(Owner, [A, B], T0);
        state.Observe("_25._tcp.mx2.example.com.", [A], T1);

        await state.SaveAsync(CancellationToken.None);
        var loaded = await RolloverStateFile.LoadAsync(path, CancellationToken.None);

        Assert.Equal(T0, loaded.FirstSeen(Owner, A));
        Assert.Equal(T0, loaded.FirstSeen(Owner, B));
        Assert.Equal(T1, loaded.FirstSeen("_25._tcp.mx2.example.com.", A));
        Assert.Null(loaded.FirstSeen("_25._tcp.mx2.example.com.", B));
        Assert.Null(loaded.FirstSeen("_25._tcp.other.example.", A));
    }

    [Fact]
    public async Task TheFileIsVersionedCamelCaseJson()
    {
        var path = PathOf("rollover.json");
        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        state.Observe(Owner, [B, A], T0);
        state.Observe(Owner, [A, B], T1);

        await state.SaveAsync(CancellationToken.None);

        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        Assert.Equal(1, doc.RootElement.GetProperty("version").GetInt32());
        var records = doc.RootElement.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal([A, B], records.Select(r => r.GetProperty("record").GetString()));
        Assert.All(records, r => Assert.Equal(Owner, r.GetProperty("owner").GetString()));
        Assert.All(records, r => Assert.Equal(T0, r.GetProperty("firstSeenSecure").GetDateTimeOffset()));
        Assert.All(records, r => Assert.Equal(T1, r.GetProperty("lastSeenSecure").GetDateTimeOffset()));
    }

    [Fact]
    public async Task ARecordSeenAgainKeepsItsFirstTime()
    {
        var state = await RolloverStateFile.LoadAsync(PathOf("s.json"), CancellationToken.None);

        state.Observe(Owner, [A], T0);
        state.Observe(Owner, [A, B], T1);
        state.Observe(Owner, [A, B], T2);

        Assert.Equal(T0, state.FirstSeen(Owner, A));
        Assert.Equal(T1, state.FirstSeen(Owner, B));
    }

    [Fact]
    public async Task ARecordAbsentFromAnObservationIsForgottenAndItsClockRestarts()
    {
        var state = await RolloverStateFile.LoadAsync(PathOf("s.json"), CancellationToken.None);

        state.Observe(Owner, [A, B], T0);
        state.Observe(Owner, [A], T1);
        Assert.Null(state.FirstSeen(Owner, B));
        Assert.Equal(T0, state.FirstSeen(Owner, A));

        state.Observe(Owner, [A, B], T2);
        Assert.Equal(T2, state.FirstSeen(Owner, B));
        Assert.Equal(T0, state.FirstSeen(Owner, A));
    }

    [Fact]
    public async Task AnEmptyObservationForgetsEverythingOfThatOwnerOnly()
    {
        var state = await RolloverStateFile.LoadAsync(PathOf("s.json"), CancellationToken.None);
        state.Observe(Owner, [A], T0);
        state.Observe("_25._tcp.mx2.example.com.", [A], T0);

        state.Observe(Owner, [], T1);

        Assert.Null(state.FirstSeen(Owner, A));
        Assert.Equal(T0, state.FirstSeen("_25._tcp.mx2.example.com.", A));
    }

    [Fact]
    public async Task ForgettingSurvivesTheFile()
    {
        var path = PathOf("s.json");
        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        state.Observe(Owner, [A, B], T0);
        await state.SaveAsync(CancellationToken.None);

        var second = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        second.Observe(Owner, [A], T1);
        await second.SaveAsync(CancellationToken.None);
        var third = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        third.Observe(Owner, [A, B], T2);

        Assert.Equal(T0, third.FirstSeen(Owner, A));
        Assert.Equal(T2, third.FirstSeen(Owner, B));
    }

    [Fact]
    public async Task OwnerWithOrWithoutTheFinalDotIsTheSame()
    {
        var path = PathOf("s.json");
        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);

        state.Observe("_25._tcp.mx.example.com", [A], T0);

        Assert.Equal(T0, state.FirstSeen("_25._tcp.mx.example.com.", A));
        Assert.Equal(T0, state.FirstSeen("_25._tcp.mx.example.com", A));
        Assert.Equal(T0, state.FirstSeen("_25._TCP.MX.Example.Com.", A));

        // One owner, not two: an observation under the other spelling forgets B's absence the same way.
        state.Observe(Owner, [A, B], T1);
        state.Observe("_25._tcp.mx.example.com", [A], T2);
        Assert.Null(state.FirstSeen(Owner, B));
        Assert.Equal(T0, state.FirstSeen(Owner, A));
    }

    [Fact]
    public async Task RecordTextIgnoresHexCase()
    {
        var state = await RolloverStateFile.LoadAsync(PathOf("s.json"), CancellationToken.None);
        state.Observe(Owner, ["3 1 1 ABCDEF"], T0);

        state.Observe(Owner, ["3 1 1 abcdef"], T1);

        Assert.Equal(T0, state.FirstSeen(Owner, "3 1 1 AbCdEf"));
    }

    [Fact]
    public async Task AHandWrittenOwnerWithoutTheFinalDotIsFound()
    {
        var path = PathOf("s.json");
        await File.WriteAllTextAsync(path, $$"""
            {"version": 1, "records": [
              {"owner": "_25._tcp.mx.example.com", "record": "{{A}}", "firstSeenSecure": "2026-11-29T08:00:00+00:00", "lastSeenSecure": "2026-11-29T08:00:00+00:00"}
            ]}
            """);

        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);

        Assert.Equal(T0, state.FirstSeen(Owner, A));
        state.Observe(Owner, [A], T1);
        Assert.Equal(T0, state.FirstSeen(Owner, A));
        await state.SaveAsync(CancellationToken.None);
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        Assert.Single(doc.RootElement.GetProperty("records").EnumerateArray());
    }

    [Fact]
    public async Task BothSpellingsOfAnOwnerInTheFileBecomeOneKeepingTheLaterFirstSighting()
    {
        var path = PathOf("s.json");
        await File.WriteAllTextAsync(path, $$"""
            {"version": 1, "records": [
              {"owner": "_25._tcp.mx.example.com", "record": "{{A}}", "firstSeenSecure": "2026-11-29T09:00:00+00:00", "lastSeenSecure": "2026-11-29T09:00:00+00:00"},
              {"owner": "_25._tcp.mx.example.com.", "record": "{{A}}", "firstSeenSecure": "2026-11-29T08:00:00+00:00", "lastSeenSecure": "2026-11-29T08:00:00+00:00"}
            ]}
            """);

        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        await state.SaveAsync(CancellationToken.None);

        Assert.Equal(T1, state.FirstSeen(Owner, A));
        using var doc = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        var only = Assert.Single(doc.RootElement.GetProperty("records").EnumerateArray());
        Assert.Equal(Owner, only.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task AFileSavedWithAByteOrderMarkIsRead()
    {
        // An operator's editor may add the UTF-8 BOM when the file is edited by hand.
        var path = PathOf("s.json");
        var json = $$"""{"version": 1, "records": [{"owner": "{{Owner}}", "record": "{{A}}", "firstSeenSecure": "2026-11-29T08:00:00+00:00", "lastSeenSecure": "2026-11-29T08:00:00+00:00"}]}""";
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)]);

        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);

        Assert.Equal(T0, state.FirstSeen(Owner, A));
    }

    [Theory]
    [InlineData("{ this is not json")]
    [InlineData("[]")]
    [InlineData("{\"version\": 1, \"records\": {\"owner\": 3}}")]
    [InlineData("{\"version\": 1, \"records\": [{\"owner\": \"x.\", \"record\": \"3 1 1 AA\", \"firstSeenSecure\": \"yesterday\"}]}")]
    [InlineData("\u00ff\u00fe garbage")]
    public async Task ACorruptFileThrowsAndIsLeftAsItIs(string content)
    {
        var path = PathOf("rollover.json");
        var bytes = Encoding.Latin1.GetBytes(content);
        await File.WriteAllBytesAsync(path, bytes);

        var e = await Assert.ThrowsAsync<RolloverStateException>(() => RolloverStateFile.LoadAsync(path, CancellationToken.None));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("left as it is", e.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Equal(["rollover.json"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("{\"version\": 2, \"records\": []}")]
    [InlineData("{\"records\": []}")]
    [InlineData("null")]
    public async Task AnotherVersionThrows(string content)
    {
        var path = PathOf("rollover.json");
        await File.WriteAllTextAsync(path, content);

        var e = await Assert.ThrowsAsync<RolloverStateException>(() => RolloverStateFile.LoadAsync(path, CancellationToken.None));

        Assert.Contains("version 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task IncompleteEntriesAreSkipped()
    {
        var path = PathOf("rollover.json");
        await File.WriteAllTextAsync(path, $$"""
            {"version": 1, "records": [
              {"owner": "", "record": "{{A}}", "firstSeenSecure": "2026-11-29T08:00:00+00:00"},
              {"owner": "{{Owner}}", "firstSeenSecure": "2026-11-29T08:00:00+00:00"},
              {"owner": "{{Owner}}", "record": "{{B}}", "firstSeenSecure": "2026-11-29T09:00:00+00:00"}
            ]}
            """);

        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);

        Assert.Null(state.FirstSeen(Owner, A));
        Assert.Equal(T1, state.FirstSeen(Owner, B));
    }

    [Fact]
    public async Task SaveCreatesTheDirectory()
    {
        var path = Path.Combine(_directory, "state", "danekit", "rollover.json");
        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        state.Observe(Owner, [A], T0);

        await state.SaveAsync(CancellationToken.None);

        Assert.True(File.Exists(path));
        Assert.Equal(T0, (await RolloverStateFile.LoadAsync(path, CancellationToken.None)).FirstSeen(Owner, A));
    }

    [Fact]
    public async Task SaveLeavesNoTemporaryFile()
    {
        var path = PathOf("rollover.json");
        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        state.Observe(Owner, [A], T0);

        await state.SaveAsync(CancellationToken.None);
        state.Observe(Owner, [A, B], T1);
        await state.SaveAsync(CancellationToken.None);

        Assert.Empty(Directory.GetFiles(_directory, "*.tmp-*"));
        Assert.Equal(["rollover.json"], Directory.GetFiles(_directory).Select(Path.GetFileName));
        Assert.Equal(T1, (await RolloverStateFile.LoadAsync(path, CancellationToken.None)).FirstSeen(Owner, B));
    }

    [Fact]
    public async Task SaveReplacesTheOldFile()
    {
        var path = PathOf("rollover.json");
        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        state.Observe(Owner, [A, B], T0);
        await state.SaveAsync(CancellationToken.None);

        state.Observe(Owner, [B], T1);
        await state.SaveAsync(CancellationToken.None);

        var loaded = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        Assert.Null(loaded.FirstSeen(Owner, A));
        Assert.Equal(T0, loaded.FirstSeen(Owner, B));
    }

    [Fact]
    public async Task SaveWhereTheDirectoryIsAFileThrowsAStateException()
    {
        var blocker = PathOf("blocker");
        await File.WriteAllTextAsync(blocker, "a file, not a directory");
        var state = await RolloverStateFile.LoadAsync(Path.Combine(blocker, "rollover.json"), CancellationToken.None);
        state.Observe(Owner, [A], T0);

        var e = await Assert.ThrowsAsync<RolloverStateException>(() => state.SaveAsync(CancellationToken.None));

        Assert.Contains("cannot write", e.Message, StringComparison.Ordinal);
        Assert.Equal("a file, not a directory", await File.ReadAllTextAsync(blocker));
    }

    [Fact]
    public async Task ACancelledSaveLeavesTheOldFileAndNoTemporaryFile()
    {
        var path = PathOf("rollover.json");
        var state = await RolloverStateFile.LoadAsync(path, CancellationToken.None);
        state.Observe(Owner, [A], T0);
        await state.SaveAsync(CancellationToken.None);
        var before = await File.ReadAllBytesAsync(path);
        state.Observe(Owner, [A, B], T1);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => state.SaveAsync(new CancellationToken(canceled: true)));

        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp-*"));
    }

    [Fact]
    public void DefaultPathEndsInDanekitRolloverJson()
    {
        Assert.EndsWith(Path.Combine("danekit", "rollover.json"), RolloverStateFile.DefaultPath, StringComparison.Ordinal);
    }
}
