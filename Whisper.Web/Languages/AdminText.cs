namespace Whisper.Web.Languages;

/// <summary>
/// The moderation area's texts: the admin pages, the report form a visitor fills, the transparency page, a gone file,
/// and the sentences the admin controllers and <c>Moderation/*</c> return. <c>AdminText.resx</c> (English, the source)
/// and <c>AdminText.{culture}.resx</c> beside it; the area's views reach it as <c>T</c> through their folder's
/// <c>_ViewImports.cshtml</c>, code through <c>IStringLocalizer&lt;AdminText&gt;</c>. Its own class so the area's keys
/// are kept apart from the site's (<see cref="Text"/>).
/// </summary>
public sealed class AdminText;
