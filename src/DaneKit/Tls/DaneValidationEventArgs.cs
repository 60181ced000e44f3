namespace DaneKit.Tls;

/// <summary>The data of <see cref="DaneCertificateValidator.Validated"/>: one connection's check.</summary>
/// <param name="connection">
/// The sender the TLS stack passed to the validation callback: the <see cref="System.Net.Security.SslStream"/>, or
/// for MailKit (4.x) the host name it connected to, so results can be told apart when one validator serves many
/// connections.
/// </param>
/// <param name="result">The result.</param>
public sealed class DaneValidationEventArgs(object? connection, DaneValidationResult result) : EventArgs
{
    /// <summary>The sender of the validation callback: the <see cref="System.Net.Security.SslStream"/>, or for MailKit the host name.</summary>
    public object? Connection { get; } = connection;

    /// <summary>The result.</summary>
    public DaneValidationResult Result { get; } = result ?? throw new ArgumentNullException(nameof(result));
}
