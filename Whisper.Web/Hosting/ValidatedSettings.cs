using Microsoft.Extensions.Options;

namespace Whisper.Web.Hosting;

public static class ValidatedSettings
{
    /// <summary>
    /// Binds one configuration section, checks its data annotations and the rules chained after, and refuses to
    /// start when they fail: a mistyped option stops the server with its name rather than misbehaving later.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this WebApplicationBuilder builder, string section) where T : class =>
        builder.Services.AddOptions<T>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
}
