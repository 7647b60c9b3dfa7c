namespace Whisper.Web.Languages;

/// <summary>
/// The words the FAQ, the terms and the privacy policy take from code rather than from their own per-language views
/// (<c>Faq.ja.cshtml</c>…): <c>LongPagesText.resx</c> and <c>LongPagesText.{culture}.resx</c>. Today these are
/// durations (<c>Duration.Days.one</c>…), one key per plural category, written as each sentence of the views needs them.
/// </summary>
public sealed class LongPagesText;
