namespace Whisper.Web.Languages;

/// <summary>
/// The rooms' texts: <c>RoomsText.resx</c> (English, the source) and <c>RoomsText.{culture}.resx</c> beside it, for the room
/// page, its composer and join form, the message fragment, the room scripts' words and the sentences a refused post gets.
/// Views under <c>Views/Rooms</c> reach it as <c>T</c>; code injects <c>IStringLocalizer&lt;RoomsText&gt;</c>.
/// </summary>
public sealed class RoomsText;
