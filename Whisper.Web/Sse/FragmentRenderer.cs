using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Whisper.Web.Sse;

/// <summary>
/// Renders a partial view to a string outside any viewer's request, so a live fragment is the same
/// for everyone and can be encoded once for all subscribers.
/// </summary>
public sealed class FragmentRenderer(IRazorViewEngine viewEngine, ITempDataProvider tempData, IServiceProvider services)
{
    public async Task<string> RenderAsync<TModel>(string partialName, TModel model)
    {
        await using var scope = services.CreateAsyncScope();
        var httpContext = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var actionContext = new ActionContext(httpContext, new RouteData(), new ActionDescriptor());
        var found = partialName.StartsWith('~')
            ? viewEngine.GetView(executingFilePath: null, partialName, isMainPage: false)
            : viewEngine.FindView(actionContext, partialName, isMainPage: false);
        var view = found.View
            ?? throw new InvalidOperationException($"Partial view '{partialName}' was not found.");

        await using var output = new StringWriter();
        var viewData = new ViewDataDictionary<TModel>(new EmptyModelMetadataProvider(), new ModelStateDictionary()) { Model = model };
        var viewContext = new ViewContext(actionContext, view, viewData, new TempDataDictionary(httpContext, tempData), output, new HtmlHelperOptions());
        await view.RenderAsync(viewContext);
        return output.ToString().Trim();
    }
}
