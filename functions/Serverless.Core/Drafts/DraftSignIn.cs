using Serverless.Core.Procedures;
using Serverless.Core.Site;
using Serverless.Platform.Http;
using Serverless.Platform.Localization;

namespace Serverless.Core.Drafts;

/// <summary>The page a step or the sending of a draft answers when its procedure requires a FranceConnect sign-in and the browser has none.</summary>
internal static class DraftSignIn
{
    public static WrittenResult Required(Language language, CommuneDefinition commune) =>
        PageResults.Page(401, Html.Message(
            new Text("Identification requise", "Sign-in required").In(language),
            new Text("Cette démarche demande de vous identifier avec FranceConnect : rouvrez son formulaire et utilisez le bouton FranceConnect.", "This procedure asks you to sign in with FranceConnect: open its form again and use the FranceConnect button.").In(language),
            "error",
            language,
            PageIdentity.Of(commune)));
}
