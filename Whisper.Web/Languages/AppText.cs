namespace Whisper.Web.Languages;

/// <summary>
/// What the installed app says outside a page: push notifications (written in the language of the page that
/// subscribed) and the service worker's fallback notification. <c>AppText.resx</c> and <c>AppText.{culture}.resx</c>.
/// </summary>
public sealed class AppText;
