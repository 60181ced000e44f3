using System.Net;
using System.Net.Sockets;
using DaneKit.Dns;
using DaneKit.Dns.Records;
using DaneKit.Tests.Dns.Resolver;

namespace DaneKit.Tests.Cli;

/// <summary>
/// A recursive resolver stand-in on 127.0.0.1 (UDP, port chosen by the system) answering from zone text, CNAMEs
/// followed; NXDOMAIN for a name it has nothing for. Stops after 20 s whatever happens.
/// </summary>
internal sealed class FakeDnsServer : IAsyncDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromSeconds(20));
    private readonly Task _task;

    public FakeDnsServer(string zoneText)
    {
        var records = Msg.Records(zoneText);
        Endpoint = (IPEndPoint)_udp.Client.LocalEndPoint!;
        _task = Task.Run(async () =>
        {
            while (!_cts.IsCancellationRequested)
            {
                var received = await _udp.ReceiveAsync(_cts.Token);
                if (!DnsMessage.TryParse(received.Buffer, out var query, out _) || query!.Questions.Count != 1)
                {
                    continue;
                }

                var question = query.Questions[0];
                var answers = new List<DnsResourceRecord>();
                var name = question.Name;
                for (var i = 0; i < 8; i++)
                {
                    var alias = records.FirstOrDefault(r => r.Name == name && r.Type == DnsType.CNAME);
                    if (alias is null)
                    {
                        break;
                    }

                    answers.Add(alias);
                    name = ((CnameData)alias.Data).Target;
                }

                answers.AddRange(records.Where(r => r.Name == name && r.Type == question.Type));
                var exists = records.Any(r => r.Name == name);
                var reply = Msg.Reply(query, exists ? DnsResponseCode.NoError : DnsResponseCode.NXDomain, answers, aa: false);
                await _udp.SendAsync(reply.ToWire(), received.RemoteEndPoint, _cts.Token);
            }
        });
    }

    public IPEndPoint Endpoint { get; }

    public string Address => $"127.0.0.1:{Endpoint.Port}";

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _udp.Dispose();
        try
        {
            await _task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or TimeoutException)
        {
        }

        _cts.Dispose();
    }
}
