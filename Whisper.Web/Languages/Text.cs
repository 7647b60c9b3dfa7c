namespace Whisper.Web.Languages;

/// <summary>
/// The one set of interface texts: <c>Text.resx</c> (English, the source) and <c>Text.{culture}.resx</c> beside it.
/// Views reach it as <c>T</c> (an <c>IHtmlLocalizer&lt;Text&gt;</c>, so a sentence may hold its own links);
/// keys name the page and the piece (<c>Home.Hero.Title</c>), plural keys end in their CLDR category (<c>.one</c>).
/// </summary>
public sealed class Text;
