using Microsoft.AspNetCore.Mvc;

namespace Whisper.Web.Controllers.Admin;

/// <summary>
/// The admin's controllers, whose views all live in <c>Views/Admin</c> whatever the controller is called: a view
/// named without a path is looked up there (a path, such as a room view's, is used as it is).
/// </summary>
public abstract class AdminPages : Controller
{
    public override ViewResult View(string? viewName, object? model) => base.View(InAdminFolder(viewName), model);

    public override PartialViewResult PartialView(string? viewName, object? model) => base.PartialView(InAdminFolder(viewName), model);

    private string InAdminFolder(string? viewName) =>
        viewName is not null && viewName.StartsWith('~') ? viewName : $"~/Views/Admin/{viewName ?? ControllerContext.ActionDescriptor.ActionName}.cshtml";
}
