namespace Whisper.Web.Languages;

/// <summary>
/// The stranger chat's texts: <c>TalkText.resx</c> (English) and <c>TalkText.{culture}.resx</c> beside it, for
/// <c>Views/Talk/</c> (its <c>_ViewImports</c> makes <c>T</c> this class) and the refusals of <c>TalkController</c>.
/// Kept apart from <see cref="Text"/> so each area's translations change in files of their own.
/// </summary>
public sealed class TalkText;
